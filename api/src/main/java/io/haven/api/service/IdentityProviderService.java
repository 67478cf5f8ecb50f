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

    /**
     * Haven's SAML key as a service provider, made now if the settings were saved and there is none yet, and the key it
     * replaced while that is kept (decision 0048): certificates only, never a private key. Root only.
     *
     * @throws ConflictException before root saved the settings (there is no key and no address to name it by)
     * @since 2.6
     */
    ServiceProviderCertificates serviceProviderKeys(Caller caller);

    /**
     * Rolls Haven's SAML key over (decision 0048): a new key signs Haven's requests from now on and is published in the
     * metadata; the current one stays published and still decrypts assertions encrypted for it for {@code graceDays}
     * days (null: {@link #DEFAULT_KEY_GRACE_DAYS}) or until root retires it, and is then deleted. Root only.
     *
     * @throws ValidationException naming {@code graceDays} when it is not 1 to {@link #MAX_KEY_GRACE_DAYS}
     * @throws ConflictException while a previous key is still kept (retire it first), or before the settings were saved
     * @since 2.6
     */
    ServiceProviderCertificates rollOverServiceProviderKey(Caller caller, Integer graceDays);

    /**
     * Deletes the previous SAML key now, before its grace period ends: assertions encrypted for it are refused from
     * now on, and the metadata publishes only the current key. Root only.
     *
     * @throws ConflictException when no previous key is kept
     * @since 2.6
     */
    ServiceProviderCertificates retirePreviousServiceProviderKey(Caller caller);

    /** How long a rolled-over key is kept when root does not say. @since 2.6 */
    int DEFAULT_KEY_GRACE_DAYS = 30;
    /** The longest grace period of a rolled-over key. @since 2.6 */
    int MAX_KEY_GRACE_DAYS = 365;

    /**
     * Haven's SAML certificates: the current one, and the previous one with when it will be deleted (null when none is
     * kept).
     *
     * @since 2.6
     */
    record ServiceProviderCertificates(ServiceProviderCertificate current, ServiceProviderCertificate previous) {
    }

    /**
     * One of Haven's SAML certificates, as an identity provider's administrator compares it.
     *
     * @param certificatePem the certificate, PEM
     * @param sha256Fingerprint its SHA-256 fingerprint, hex pairs separated by colons
     * @param validUntil when the certificate expires
     * @param keptUntil for a previous key, when it is deleted unless root retires it before; null for the current one
     * @since 2.6
     */
    record ServiceProviderCertificate(String certificatePem, String sha256Fingerprint, java.time.Instant validUntil,
                                      java.time.Instant keptUntil) {
    }

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
