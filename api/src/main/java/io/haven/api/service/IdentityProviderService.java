package io.haven.api.service;

import io.haven.api.auth.IdentityProtocol.Finding;
import io.haven.api.auth.IdentityProviderSettings;
import io.haven.api.model.Caller;
import io.haven.api.model.UserGroup;
import io.haven.api.model.UserGroupDraft;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sign-in with the organisation's identity provider (guide 17): its settings and Haven's groups, which only root
 * sees and changes, and the sign-in itself, which REST's {@code /remote_auth/} paths adapt. Who a proven identity
 * is in Haven (group, user type, limits, delegation) is decided here.
 */
@ProviderType
public interface IdentityProviderService {

    /** Stands for a stored client secret, which is never shown; given back in an update, it keeps the secret. */
    String SECRET_KEPT = "********";

    /**
     * The settings; defaults (disabled, SAML, NameID format unspecified) before root saved any. A stored client secret
     * is {@link #SECRET_KEPT}.
     */
    IdentityProviderSettings settings(Caller caller);

    /**
     * Checks and stores new settings. A client secret that is null or {@link #SECRET_KEPT} keeps the stored one; an
     * empty one removes it.
     *
     * @throws ValidationException naming the field; nothing changes then
     */
    IdentityProviderSettings updateSettings(Caller caller, IdentityProviderSettings settings);

    /** "Test connection" (guide 17.2): the protocol's findings on the stored settings. */
    List<Finding> test(Caller caller);

    /** Haven's service provider metadata for the identity provider's administrator; anyone may read it. */
    String serviceProviderMetadata();

    List<UserGroup> groups(Caller caller);

    UserGroup group(Caller caller, long id);

    UserGroup createGroup(Caller caller, UserGroupDraft draft);

    UserGroup updateGroup(Caller caller, long id, UserGroupDraft draft);

    void deleteGroup(Caller caller, long id);

    /** Whether users may sign in with the identity provider now (enabled, and its protocol installed). */
    boolean signInAvailable();

    /**
     * Starts a sign-in: the URL to send the browser to. {@code returnTo} is the console path to come back to.
     *
     * @throws ConflictException when sign-in with the identity provider is not available
     */
    String startSignIn(String returnTo, String address);

    /**
     * Completes a sign-in with the identity provider's answer as the browser posted it, and opens a browser session.
     *
     * @throws io.haven.api.auth.FederatedSignInException when the answer proves no one, or the one it proves may not
     *                                                     sign in (no Haven group, two groups, a disabled group, root)
     * @throws TooManySignInsException when the address must wait
     */
    CompletedSignIn completeSignIn(Map<String, String> form, String requestUrl, String address);

    /**
     * Ends a browser session, and where the session came from the identity provider and it has a sign-out URL, the
     * URL to send the browser to for signing out there.
     */
    Optional<String> signOut(String sessionToken);

    /** An opened session, and the console path to go to. */
    record CompletedSignIn(SessionService.NewSession session, String returnTo) {
    }
}
