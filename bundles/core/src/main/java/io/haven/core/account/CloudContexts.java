package io.haven.core.account;

import io.haven.api.target.CloudContext;

/** Hands out SDK clients for a configured account in a region; the engine's only way to AWS. */
@FunctionalInterface
public interface CloudContexts {
    CloudContext context(long accountId, String region);
}
