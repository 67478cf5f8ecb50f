package io.haven.aws.artifact;

import io.haven.api.target.CopyDeferredException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * AWS's refusals of a copy that pass with time: its limit of concurrent copies into a region
 * ({@code ResourceLimitExceeded}) and throttling. Core keeps such a copy waiting and tries it again (since 1.2).
 */
public final class CopyErrors {

    static final Set<String> LATER = Set.of("ResourceLimitExceeded", "RequestLimitExceeded", "Throttling",
            "ThrottlingException", "TooManyRequestsException", "SnapshotCopyLimitExceeded");

    private CopyErrors() {
    }

    /** A {@link CopyDeferredException} for a refusal that passes with time; the error itself otherwise. */
    public static RuntimeException deferredOr(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if ((code != null && LATER.contains(code)) || e.isThrottlingException()) {
            return new CopyDeferredException((code == null ? "throttled" : code) + ": "
                    + (e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                    ? e.awsErrorDetails().errorMessage() : e.getMessage()), e);
        }
        return e;
    }
}
