package io.haven.aws;

import io.haven.api.target.CloudContext;
import io.haven.aws.internal.ClientCache;
import io.haven.aws.internal.IdentityChain;
import io.haven.aws.internal.IdentityContext;
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
            description = "How Haven reaches AWS: endpoint override, default region, proxy and retries.")
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
    }

    /** Settings with the HTTP client and cache built for them; replaced whole on reconfiguration. */
    private record State(AwsSettings settings, SdkHttpClient http, ClientCache cache) {
        static State of(AwsSettings settings) {
            SdkHttpClient http = httpClient(settings);
            return new State(settings, http, new ClientCache(http, settings));
        }

        void close() {
            cache.close();
            http.close();
        }
    }

    private record ContextKey(String cacheKey, String region) {
    }

    private final ConcurrentMap<ContextKey, IdentityContext> contexts = new ConcurrentHashMap<>();
    private volatile State state;

    /** Real AWS with default settings; DS then applies the configuration. */
    public DefaultAwsClients() {
        this(AwsSettings.defaults());
    }

    public DefaultAwsClients(AwsSettings settings) {
        this.state = State.of(settings);
    }

    @Activate
    @Modified
    void configure(Config config) {
        reconfigure(new AwsSettings(config.endpoint(), config.defaultRegion(), config.proxyHost(),
                config.proxyPort(), config.maxRetries()));
    }

    /** Applies new settings: cached clients are closed, contexts handed out get new clients on next use. */
    public synchronized void reconfigure(AwsSettings settings) {
        State previous = state;
        state = State.of(settings);
        previous.close();
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
        try (ClientCache fresh = new ClientCache(current.http(), current.settings())) {
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
