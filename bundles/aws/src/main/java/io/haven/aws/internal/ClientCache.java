package io.haven.aws.internal;

import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.RateLimitSettings;
import io.haven.aws.internal.limits.RateLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * SDK clients and credentials providers per (cache key, region, type). Values are built outside
 * the map's locks because building one can need another (an assumed role needs its via
 * identity's STS client); when two threads race, the loser's value is closed.
 */
public final class ClientCache implements AutoCloseable {

    private record Key(String cacheKey, String region, Class<?> type) {
    }

    private record Entry(Object value, Set<String> dependsOn) {
    }

    private final ConcurrentMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final SdkClientFactory factory;
    private final AwsSettings settings;
    private volatile boolean closed;

    /** Without rate limits; the HTTP client stays the caller's: closing this cache does not close it. */
    public ClientCache(SdkHttpClient httpClient, AwsSettings settings) {
        this(httpClient, settings, new RateLimits(RateLimitSettings.off()));
    }

    /** Clients whose calls take tokens from {@code limits}; the HTTP client and the limits stay the caller's. */
    public ClientCache(SdkHttpClient httpClient, AwsSettings settings, RateLimits limits) {
        this.factory = new SdkClientFactory(httpClient, settings, limits);
        this.settings = settings;
    }

    public <C> C client(AwsIdentity identity, String region, Class<C> clientType) {
        return clientType.cast(cached(new Key(identity.cacheKey(), region, clientType), identity,
                () -> factory.build(clientType, identity.cacheKey(), region, credentials(identity, region), endpointFor(identity))));
    }

    /** The endpoint the identity's clients talk to, or null for real AWS. */
    public String endpointFor(AwsIdentity identity) {
        return identity.endpoint() != null ? identity.endpoint() : settings.endpoint();
    }

    public AwsSettings settings() {
        return settings;
    }

    /** Drops and closes every value that belongs to, or depends on, the cache key. */
    public void forget(String cacheKey) {
        List<Object> removed = new ArrayList<>();
        for (Map.Entry<Key, Entry> entry : entries.entrySet()) {
            if (entry.getValue().dependsOn().contains(cacheKey) && entries.remove(entry.getKey(), entry.getValue())) {
                removed.add(entry.getValue().value());
            }
        }
        removed.forEach(ClientCache::closeQuietly);
    }

    @Override
    public void close() {
        closed = true;
        List<Entry> all = new ArrayList<>(entries.values());
        entries.clear();
        all.forEach(entry -> closeQuietly(entry.value()));
    }

    private AwsCredentialsProvider credentials(AwsIdentity identity, String region) {
        return (AwsCredentialsProvider) cached(new Key(identity.cacheKey(), region, AwsCredentialsProvider.class), identity,
                () -> CredentialsProviders.create(identity, region, this));
    }

    private Object cached(Key key, AwsIdentity identity, Supplier<Object> build) {
        if (closed) {
            throw new IllegalStateException("The AWS client cache is closed");
        }
        Entry existing = entries.get(key);
        if (existing != null) {
            return existing.value();
        }
        Entry created = new Entry(build.get(), IdentityChain.cacheKeys(identity));
        Entry raced = entries.putIfAbsent(key, created);
        if (raced != null) {
            closeQuietly(created.value());
            return raced.value();
        }
        return created.value();
    }

    private static void closeQuietly(Object value) {
        if (value instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // a client that fails to close holds nothing we could still release
            }
        }
    }
}
