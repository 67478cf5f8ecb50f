package io.haven.aws;

import io.haven.api.target.CloudContext;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Builds and caches AWS SDK clients for identities and regions. Clients are cached per
 * (cache key, region, client type) until {@link #forget(String)}.
 */
@ProviderType
public interface AwsClients {

    /**
     * A context for one identity and region; its account number is read from STS on first
     * use and then kept. A null region means the configured default region.
     */
    CloudContext context(AwsIdentity identity, String region);

    /**
     * Checks the identity against AWS (STS GetCallerIdentity) with fresh clients, bypassing the cache.
     *
     * @return the 12-digit account number the credentials belong to
     * @throws AwsAccessException with a user-facing message when AWS cannot be used
     */
    String verify(AwsIdentity identity, String region);

    /**
     * Like {@link #verify}, and also says who the credentials are (their ARN), so that core can refuse an
     * account's root user (since 1.1; the default knows only the account).
     *
     * @throws AwsAccessException with a user-facing message when AWS cannot be used
     */
    default AwsCaller caller(AwsIdentity identity, String region) {
        return new AwsCaller(verify(identity, region), null);
    }

    /**
     * Drops and closes the cached clients and contexts of the identity with this cache key,
     * and of every identity that assumes a role through it.
     */
    void forget(String cacheKey);

    /**
     * Paces this node's calls for a share of each account's AWS buckets: with several Haven nodes on one database,
     * each node gets 1/nodes of every bucket's size and refill rate, so that together they stay at AWS's ceiling
     * instead of each reaching it (decision 0039; since 1.3; the default paces for the whole bucket).
     */
    default void shareRateLimits(int nodes) {
    }
}
