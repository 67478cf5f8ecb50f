package io.haven.aws.internal;

import io.haven.aws.AwsIdentity;
import io.haven.aws.Credentials;
import java.util.LinkedHashSet;
import java.util.Set;

/** The cache keys an identity's clients depend on: its own, and those of the identities it assumes a role through. */
public final class IdentityChain {

    private IdentityChain() {
    }

    public static Set<String> cacheKeys(AwsIdentity identity) {
        Set<String> keys = new LinkedHashSet<>();
        for (AwsIdentity current = identity; current != null; ) {
            if (!keys.add(current.cacheKey())) {
                throw new IllegalArgumentException("Identity " + identity.cacheKey() + " assumes a role through itself");
            }
            current = current.credentials() instanceof Credentials.AssumeRole role ? role.via() : null;
        }
        return keys;
    }
}
