package io.haven.aws;

import io.haven.api.target.CloudContext;
import io.haven.aws.internal.ClientCache;
import io.haven.aws.internal.IdentityChain;
import io.haven.aws.internal.IdentityContext;
import io.haven.aws.internal.limits.RateLimits;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The {@link AwsClients} service (configuration PID {@value #PID}). Outside OSGi, construct it
 * with {@link AwsSettings} and {@link #close()} it when done.
 */
@Component(service = AwsClients.class, configurationPid = DefaultAwsClients.PID)
@Designate(ocd = DefaultAwsClients.Config.class)
public final class DefaultAwsClients implements AwsClients, AutoCloseable {

    public static final String PID = "io.haven.aws";

    @ObjectClassDefinition(name = "Haven AWS clients",
            description = "How Haven reaches AWS: endpoint override, default region, proxy, retries and the pace of its calls.")
    public @interface Config {
        @AttributeDefinition(name = "Endpoint", required = false,
                description = "Endpoint for every AWS service unless an account sets its own, "
                        + "e.g. http://127.0.0.1:5000 for an emulator. Empty: real AWS.")
        String endpoint() default "";

        @AttributeDefinition(name = "Default region", description = "Region used when none is given.")
        String defaultRegion() default AwsSettings.DEFAULT_REGION;

        @AttributeDefinition(name = "Proxy host", required = false, description = "HTTP proxy host. Empty: no proxy.")
        String proxyHost() default "";

        @AttributeDefinition(name = "Proxy port", required = false, description = "HTTP proxy port.")
        int proxyPort() default 0;

        @AttributeDefinition(name = "Max retries", min = "0",
                description = "Retries after a failed call (SDK standard retry strategy; attempts = retries + 1).")
        int maxRetries() default AwsSettings.DEFAULT_MAX_RETRIES;

        @AttributeDefinition(name = "Rate limits",
                description = "Pace calls with a token bucket per account, region and API, sized as AWS publishes "
                        + "EC2's buckets and slowed when AWS throttles (decision 0016). Off: every call goes out at once.")
        boolean rateLimits() default true;

        @AttributeDefinition(name = "Bucket sizes", required = false,
                description = "Sizes that replace the published ones, as service:bucket=CAPACITY/REFILL_PER_SECOND, "
                        + "such as ec2:CreateSnapshot=100/5 (an account with a raised limit) or ec2:mutating=50/5 "
                        + "(a category: non-mutating, unfiltered, mutating, resource-intensive). Other services "
                        + "(rds, redshift, dynamodb) are paced only for the APIs named here, such as rds:CreateDBSnapshot=50/2.")
        String[] bucketSizes() default {};
    }

    /** Settings with the HTTP client and cache built for them; replaced whole on reconfiguration. */
    private record State(AwsSettings settings, SdkHttpClient http, ClientCache cache) {
        static State of(AwsSettings settings, RateLimits limits) {
            SdkHttpClient http = httpClient(settings);
            return new State(settings, http, new ClientCache(http, settings, limits));
        }

        void close() {
            cache.close();
            http.close();
        }
    }

    private record ContextKey(String cacheKey, String region) {
    }

    private final ConcurrentMap<ContextKey, IdentityContext> contexts = new ConcurrentHashMap<>();
    /** Kept across reconfigurations: AWS's buckets do not refill because Haven's settings changed. */
    private final RateLimits limits;
    private volatile State state;

    /** Real AWS with default settings; DS then applies the configuration. */
    public DefaultAwsClients() {
        this(AwsSettings.defaults());
    }

    /** Clients with AWS's published EC2 rate limits. */
    public DefaultAwsClients(AwsSettings settings) {
        this(settings, RateLimitSettings.defaults());
    }

    /** @since 1.2 */
    public DefaultAwsClients(AwsSettings settings, RateLimitSettings rateLimits) {
        this.limits = new RateLimits(rateLimits);
        this.state = State.of(settings, limits);
    }

    @Activate
    @Modified
    void configure(Config config) {
        reconfigure(new AwsSettings(config.endpoint(), config.defaultRegion(), config.proxyHost(),
                config.proxyPort(), config.maxRetries()), RateLimitSettings.parse(config.rateLimits(), config.bucketSizes()));
    }

    /** Applies new settings: cached clients are closed, contexts handed out get new clients on next use. */
    public synchronized void reconfigure(AwsSettings settings) {
        State previous = state;
        state = State.of(settings, limits);
        previous.close();
    }

    /** Applies new settings and rate limits (since 1.2). */
    public synchronized void reconfigure(AwsSettings settings, RateLimitSettings rateLimits) {
        limits.configure(rateLimits);
        reconfigure(settings);
    }

    @Override
    public void shareRateLimits(int nodes) {
        limits.share(nodes);
    }

    public AwsSettings settings() {
        return state.settings();
    }

    @Override
    public CloudContext context(AwsIdentity identity, String region) {
        String effectiveRegion = regionOrDefault(region);
        return contexts.computeIfAbsent(new ContextKey(identity.cacheKey(), effectiveRegion),
                key -> new IdentityContext(identity, effectiveRegion, () -> state.cache()));
    }

    @Override
    public String verify(AwsIdentity identity, String region) {
        return caller(identity, region).accountId();
    }

    @Override
    public AwsCaller caller(AwsIdentity identity, String region) {
        State current = state;
        try (ClientCache fresh = new ClientCache(current.http(), current.settings(), limits)) {
            return IdentityContext.caller(fresh, identity, regionOrDefault(region));
        }
    }

    @Override
    public void forget(String cacheKey) {
        contexts.values().removeIf(context -> IdentityChain.cacheKeys(context.identity()).contains(cacheKey));
        state.cache().forget(cacheKey);
    }

    @Deactivate
    @Override
    public synchronized void close() {
        contexts.clear();
        state.close();
    }

    private String regionOrDefault(String region) {
        return region == null || region.isBlank() ? state.settings().defaultRegion() : region.strip();
    }

    private static SdkHttpClient httpClient(AwsSettings settings) {
        UrlConnectionHttpClient.Builder builder = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60));
        if (settings.proxyHost() != null) {
            builder.proxyConfiguration(ProxyConfiguration.builder()
                    .endpoint(URI.create("http://" + settings.proxyHost() + ":" + settings.proxyPort()))
                    .useSystemPropertyValues(false)
                    .useEnvironmentVariablesValues(false)
                    .build());
        }
        return builder.build();
    }
}
