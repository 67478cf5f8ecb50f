package io.haven.aws.internal;

import io.haven.aws.AwsSettings;
import io.haven.aws.internal.limits.RateLimitInterceptor;
import io.haven.aws.internal.limits.RateLimits;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Builds any synchronous SDK v2 service client through its static {@code builder()}, so that a
 * new service needs no code here: always with Haven's HTTP client, region, credentials, retry
 * strategy, Haven's rate limits for the identity and region ({@link RateLimitInterceptor}) and, when one applies,
 * the endpoint override.
 */
final class SdkClientFactory {

    private final SdkHttpClient httpClient;
    private final AwsSettings settings;
    private final RateLimits limits;

    SdkClientFactory(SdkHttpClient httpClient, AwsSettings settings, RateLimits limits) {
        this.httpClient = httpClient;
        this.settings = settings;
        this.limits = limits;
    }

    /** @param account whose buckets the client's calls take from (the identity's cache key) */
    <C> C build(Class<C> clientType, String account, String region, AwsCredentialsProvider credentials, String endpoint) {
        Object builder = builderOf(clientType);
        if (!(builder instanceof SdkSyncClientBuilder<?, ?> sync) || !(builder instanceof AwsClientBuilder<?, ?> aws)) {
            throw new IllegalArgumentException(clientType.getName() + " is not a synchronous AWS SDK v2 client");
        }
        // Builders mutate themselves; the returned builder is the same object.
        sync.httpClient(httpClient);
        aws.region(Region.of(region));
        aws.credentialsProvider(credentials);
        if (endpoint != null) {
            aws.endpointOverride(URI.create(endpoint));
            if (builder instanceof S3BaseClientBuilder<?, ?> s3) {
                // An emulator, LocalStack or a VPC endpoint serves buckets by path, not as host names.
                s3.forcePathStyle(true);
            }
        }
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(settings.maxRetries() + 1)
                        .build())
                .addExecutionInterceptor(new RateLimitInterceptor(limits, account, region));
        if (endpoint != null && !URI.create(endpoint).getHost().endsWith(".amazonaws.com")) {
            override.addExecutionInterceptor(new EmulatorPresign());
        }
        aws.overrideConfiguration(override.build());
        return clientType.cast(((SdkBuilder<?, ?>) builder).build());
    }

    private static Object builderOf(Class<?> clientType) {
        try {
            Method method = clientType.getMethod("builder");
            if (!Modifier.isStatic(method.getModifiers())) {
                throw new IllegalArgumentException(clientType.getName() + " has no static builder()");
            }
            return method.invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException(clientType.getName() + " is not an AWS SDK v2 client type", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Cannot create a builder for " + clientType.getName(), e.getCause());
        }
    }
}
