package io.haven.aws.internal.limits;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Paces one client's calls: before each attempt (retries included, AWS counts them too) the call takes a token
 * from its bucket in {@link RateLimits}, waiting for one if need be; each answer tells the bucket whether AWS
 * accepted the call or refused it for its rate, read from the error code in the answer's body or header.
 */
public final class RateLimitInterceptor implements ExecutionInterceptor {

    /** The error codes with which AWS services refuse a call for its rate. */
    static final Set<String> THROTTLING_CODES = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException",
            "ThrottledException", "RequestThrottledException", "TooManyRequestsException", "RequestThrottled",
            "SlowDown", "BandwidthLimitExceeded", "EC2ThrottledException", "RequestLimitExceededException");

    private static final ExecutionAttribute<TokenBucket> BUCKET = new ExecutionAttribute<>("haven.rateLimitBucket");
    private static final Pattern XML_CODE = Pattern.compile("<Code>\\s*([A-Za-z0-9.]+)\\s*</Code>");
    private static final Pattern JSON_TYPE = Pattern.compile("\"(?:__type|code)\"\\s*:\\s*\"(?:[^\"#]*#)?([A-Za-z0-9.]+)");
    /** Error bodies are small; a larger answer is no error document worth reading. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final RateLimits limits;
    private final String account;
    private final String region;

    public RateLimitInterceptor(RateLimits limits, String account, String region) {
        this.limits = limits;
        this.account = account;
        this.region = region;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        TokenBucket bucket = limits.bucket(account, region, attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), unfiltered(context.request()));
        attributes.putAttribute(BUCKET, bucket);
        if (bucket == null) {
            return;
        }
        try {
            bucket.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AbortedException.builder().message("Interrupted while waiting for the AWS rate limit").cause(e).build();
        }
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                          ExecutionAttributes attributes) {
        TokenBucket bucket = attributes.getAttribute(BUCKET);
        Optional<InputStream> body = context.responseBody();
        if (bucket == null) {
            return body;
        }
        int status = context.httpResponse().statusCode();
        if (status < 400) {
            bucket.accepted();
            return body;
        }
        String header = context.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(null);
        byte[] bytes = body.map(RateLimitInterceptor::read).orElse(new byte[0]);
        if (isThrottling(header, new String(bytes, 0, Math.min(bytes.length, MAX_ERROR_BODY), StandardCharsets.UTF_8))) {
            bucket.throttled();
        }
        return body.isPresent() ? Optional.of(new ByteArrayInputStream(bytes)) : body;
    }

    /** Whether the error answer says the call was refused for its rate. */
    static boolean isThrottling(String errorTypeHeader, String body) {
        if (errorTypeHeader != null) {
            String code = errorTypeHeader.split(":", 2)[0].strip();
            code = code.substring(code.lastIndexOf('#') + 1);
            if (THROTTLING_CODES.contains(code)) {
                return true;
            }
        }
        for (Pattern pattern : List.of(XML_CODE, JSON_TYPE)) {
            Matcher m = pattern.matcher(body);
            while (m.find()) {
                if (THROTTLING_CODES.contains(m.group(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A call with neither a filter nor pagination: for some EC2 describes AWS counts it against a smaller bucket. */
    static boolean unfiltered(SdkRequest request) {
        Optional<Collection> filters = request.getValueForField("Filters", Collection.class);
        Optional<Integer> maxResults = request.getValueForField("MaxResults", Integer.class);
        Optional<String> nextToken = request.getValueForField("NextToken", String.class);
        return filters.map(Collection::isEmpty).orElse(true) && maxResults.isEmpty() && nextToken.isEmpty();
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
