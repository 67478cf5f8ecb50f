package io.haven.aws.internal;

import io.haven.api.target.CloudContext;
import io.haven.aws.AwsCaller;
import io.haven.aws.AwsIdentity;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A {@link CloudContext} for one identity and region. Clients come from whatever cache is
 * current, so a reconfiguration reaches contexts already handed out. The account number is
 * read once from STS.
 */
public final class IdentityContext implements CloudContext {

    private final AwsIdentity identity;
    private final String region;
    private final Supplier<ClientCache> cache;
    private volatile String accountId;

    public IdentityContext(AwsIdentity identity, String region, Supplier<ClientCache> cache) {
        this.identity = identity;
        this.region = region;
        this.cache = cache;
    }

    public AwsIdentity identity() {
        return identity;
    }

    @Override
    public String awsAccountId() {
        String known = accountId;
        if (known == null) {
            known = callerAccount(cache.get(), identity, region);
            accountId = known;
        }
        return known;
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public <C> C client(Class<C> clientType) {
        return cache.get().client(identity, region, clientType);
    }

    @Override
    public String toString() {
        return "CloudContext[" + identity.cacheKey() + ", " + region + "]";
    }

    /** The account of {@link #caller}. */
    public static String callerAccount(ClientCache cache, AwsIdentity identity, String region) {
        return caller(cache, identity, region).accountId();
    }

    /** STS GetCallerIdentity through the cache's client, failures as user-facing AwsAccessExceptions. */
    public static AwsCaller caller(ClientCache cache, AwsIdentity identity, String region) {
        try {
            var answer = cache.client(identity, region, StsClient.class).getCallerIdentity();
            return new AwsCaller(answer.account(), answer.arn());
        } catch (SdkException e) {
            String endpoint = cache.endpointFor(identity);
            throw AwsErrors.translate(e, endpoint != null ? endpoint : "https://sts." + region + ".amazonaws.com");
        }
    }
}
