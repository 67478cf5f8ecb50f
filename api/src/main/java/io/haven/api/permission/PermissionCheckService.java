package io.haven.api.permission;

import io.haven.api.model.Caller;
import org.osgi.annotation.versioning.ProviderType;

/** Checks an account's AWS permissions against what Haven's installed features need. */
@ProviderType
public interface PermissionCheckService {

    /**
     * Asks AWS, for the account's identity, about every action of every installed feature. Changes
     * nothing in AWS or in Haven.
     *
     * @param region where the harmless calls go; null for the account's default region
     * @throws io.haven.api.service.NotFoundException   when the caller has no such account
     * @throws io.haven.api.service.ValidationException when the region is not a region
     */
    PermissionReport check(Caller caller, long accountId, String region);
}
