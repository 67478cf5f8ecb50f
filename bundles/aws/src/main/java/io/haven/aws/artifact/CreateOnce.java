package io.haven.aws.artifact;

import io.haven.api.target.BackupLog;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.retry.RetryUtils;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * Makes a creating call (CreateSnapshot, CreateImage, CreateDBSnapshot, CreateBackup, ...) at most once
 * in effect. Such calls take no idempotency token: when the answer is lost (a 5xx or a broken connection
 * after AWS did the work), a blind retry makes a second artifact and the first is never recorded. So a
 * creating call is sent with {@link #THROTTLING_RETRIES_ONLY} (the SDK retries only refusals that say
 * the request was not executed), and after any other failure that may hide a success this class first
 * looks for what the call made, by the run's tag and the source resource or by the unique name the call
 * used, and adopts it; only when nothing is found is the call tried again. A resumed target (Haven stopped
 * while starting it) looks before the first call. What was adopted is written to the run's log.
 *
 * @param <T> what the call returns and the look-up finds (a snapshot, an image id, ...)
 */
public final class CreateOnce<T> {

    /** Calls in all, the first included, when failures that may hide a success find nothing. */
    public static final int MAX_CALLS = 3;

    /**
     * Per-request configuration for creating calls: the SDK's standard back-off on throttling errors
     * (RequestLimitExceeded, Throttling, 429: the request was not executed) and no retry of anything else.
     */
    public static final AwsRequestOverrideConfiguration THROTTLING_RETRIES_ONLY = AwsRequestOverrideConfiguration.builder()
            .addPlugin(throttlingRetriesOnly())
            .build();

    private final String what;
    private final Supplier<T> call;
    private final Supplier<Optional<T>> lookUp;
    private final Function<T, String> idOf;
    private Predicate<SdkException> alreadyExists = e -> false;

    private CreateOnce(String what, Supplier<T> call, Supplier<Optional<T>> lookUp, Function<T, String> idOf) {
        this.what = what;
        this.call = call;
        this.lookUp = lookUp;
        this.idOf = idOf;
    }

    /**
     * @param what   what is made, for the log: "snapshot of vol-1"
     * @param call   the creating call, sent with {@link #THROTTLING_RETRIES_ONLY}
     * @param lookUp finds what this very call (this run, this resource) made, if anything
     * @param idOf   the AWS id of a result, for the log
     */
    public static <T> CreateOnce<T> of(String what, Supplier<T> call, Supplier<Optional<T>> lookUp,
                                       Function<T, String> idOf) {
        return new CreateOnce<>(what, call, lookUp, idOf);
    }

    /**
     * Errors that say the unique name is taken ("already exists"): the look-up decides whether it is this
     * run's artifact (adopted) or someone else's (the error stands).
     */
    public CreateOnce<T> alreadyExists(Predicate<SdkException> test) {
        this.alreadyExists = test;
        return this;
    }

    /**
     * Makes the artifact, or adopts the one an earlier call of this run made.
     *
     * @param resumed whether to look before the first call (see {@code BackupRequest.resumed()})
     * @throws SdkException the last error when nothing was made and the calls are used up, or a refusal
     */
    public T run(boolean resumed, BackupLog log) {
        if (resumed) {
            Optional<T> found = lookUp.get();
            if (found.isPresent()) {
                log.info("Found " + idOf.apply(found.get()) + ", the " + what + " this backup made before Haven "
                        + "stopped; adopted instead of making another");
                return found.get();
            }
        }
        for (int calls = 1; ; calls++) {
            try {
                return call.get();
            } catch (SdkException e) {
                boolean taken = alreadyExists.test(e);
                if (!taken && !mayHaveSucceeded(e)) {
                    throw e;
                }
                Optional<T> found = lookUp.get();
                if (found.isPresent()) {
                    log.warning("The answer to the " + what + " was lost (" + firstLine(e) + "); found "
                            + idOf.apply(found.get()) + ", which it made, and adopted it instead of making another");
                    return found.get();
                }
                if (taken || calls >= MAX_CALLS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Whether AWS may have done the work although the call failed: a 5xx (other than throttling), or no
     * answer at all (connection reset, timeout). A 4xx is a refusal: nothing was made.
     */
    public static boolean mayHaveSucceeded(SdkException e) {
        if (RetryUtils.isThrottlingException(e)) {
            return false;
        }
        if (e instanceof SdkServiceException service) {
            return service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }

    private static String firstLine(SdkException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A per-request plugin that replaces the client's retry strategy by one that retries throttling only. */
    private static SdkPlugin throttlingRetriesOnly() {
        return config -> config.overrideConfiguration(config.overrideConfiguration().toBuilder()
                .retryStrategy(DefaultRetryStrategy.standardStrategyBuilder()
                        .maxAttempts(4)
                        .retryOnException(e -> e instanceof SdkException sdk && RetryUtils.isThrottlingException(sdk))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500),
                                Duration.ofSeconds(20)))
                        .build())
                .build());
    }
}
