package io.haven.rest.testing;

import io.haven.api.auth.IdentityProtocol.Finding;
import io.haven.api.auth.IdentityProviderSettings;
import io.haven.api.model.Caller;
import io.haven.api.model.UserGroup;
import io.haven.api.model.UserGroupDraft;
import io.haven.api.service.ConflictException;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.IdentityProviderService;
import io.haven.api.service.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings in a field, no groups and no protocol: for the REST tests that do not sign in with an identity provider
 * (core's rules are tested in core, and through REST in AuthorizationMatrixTest over the real service).
 */
public class FakeIdentityProviderService implements IdentityProviderService {

    private IdentityProviderSettings settings = new IdentityProviderSettings(false, "saml", null, null, null, null,
            "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", null);

    @Override
    public IdentityProviderSettings settings(Caller caller) {
        requireRoot(caller);
        return settings;
    }

    @Override
    public IdentityProviderSettings updateSettings(Caller caller, IdentityProviderSettings settings) {
        requireRoot(caller);
        this.settings = settings;
        return settings;
    }

    @Override
    public List<Finding> test(Caller caller) {
        requireRoot(caller);
        return List.of(new Finding(false, "No identity protocol is installed"));
    }

    @Override
    public String serviceProviderMetadata() {
        throw new ConflictException("No identity protocol is installed");
    }

    @Override
    public ServiceProviderCertificates serviceProviderKeys(Caller caller) {
        requireRoot(caller);
        throw new ConflictException("Save the identity provider settings first");
    }

    @Override
    public ServiceProviderCertificates rollOverServiceProviderKey(Caller caller, Integer graceDays) {
        return serviceProviderKeys(caller);
    }

    @Override
    public ServiceProviderCertificates retirePreviousServiceProviderKey(Caller caller) {
        return serviceProviderKeys(caller);
    }

    @Override
    public List<UserGroup> groups(Caller caller) {
        requireRoot(caller);
        return List.of();
    }

    @Override
    public UserGroup group(Caller caller, long id) {
        requireRoot(caller);
        throw new NotFoundException("Group", id);
    }

    @Override
    public UserGroup createGroup(Caller caller, UserGroupDraft draft) {
        requireRoot(caller);
        throw new ConflictException("Not in this fake");
    }

    @Override
    public UserGroup updateGroup(Caller caller, long id, UserGroupDraft draft) {
        return group(caller, id);
    }

    @Override
    public void deleteGroup(Caller caller, long id) {
        group(caller, id);
    }

    @Override
    public boolean signInAvailable() {
        return false;
    }

    @Override
    public String startSignIn(String returnTo, String address) {
        throw new ConflictException("Sign-in with the identity provider is not enabled");
    }

    @Override
    public CompletedSignIn completeSignIn(Map<String, String> form, String requestUrl, String address) {
        throw new ConflictException("Sign-in with the identity provider is not enabled");
    }

    @Override
    public Optional<String> signOut(String sessionToken) {
        return Optional.empty();
    }

    private static void requireRoot(Caller caller) {
        if (!caller.user().root()) {
            throw new ForbiddenException("Only root sets up the identity provider and its groups");
        }
    }
}
