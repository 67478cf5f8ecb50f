package io.haven.api.target;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Ready AWS SDK clients for one account and one region. Plugins never build credentials or
 * clients themselves: credentials, endpoint override, proxy, HTTP client and retry policy are
 * Haven's configuration.
 */
@ProviderType
public interface CloudContext {

    /** The 12-digit AWS account number the credentials belong to. */
    String awsAccountId();

    /** The region every client of this context talks to, for example {@code us-east-1}. */
    String region();

    /**
     * An SDK v2 service client of the given type (for example {@code Ec2Client.class}), shared
     * and cached per account and region. Callers must not close it.
     */
    <C> C client(Class<C> clientType);
}
