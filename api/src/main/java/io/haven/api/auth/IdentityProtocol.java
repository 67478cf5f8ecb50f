package io.haven.api.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One protocol for signing in at an organisation's identity provider (guide 17): SAML 2.0 today, OpenID Connect
 * later. Registered as a DS service. A protocol only speaks to the identity provider: it builds the requests and
 * proves the answers (signatures, audience, destination, times, that the answer belongs to a request Haven made).
 * What the proven identity may do in Haven (its group, user type, limits, delegation) is core's decision, and so
 * are sessions, throttling and audit.
 *
 * <p>Implementations are stateless: every call gets the current settings.
 */
@ConsumerType
public interface IdentityProtocol {

    /** The protocol's name in the settings, such as {@code saml}. */
    String name();

    /**
     * The settings (names of {@link IdentityProviderSettings}' components) this protocol cannot work without; core
     * refuses to enable it while one is missing. SAML's by default: Haven's address, the entity id, the sign-in URL and
     * the certificate.
     */
    default List<String> requiredSettings() {
        return List.of("havenAddress", "entityId", "signInUrl", "certificatePem");
    }

    /** Haven's metadata as a service provider, for the identity provider's administrator (for SAML an XML document). */
    String serviceProviderMetadata(IdentityProviderSettings settings);

    /**
     * A request to sign in: where to send the browser (the identity provider's sign-in URL with the request),
     * and the request's id, which core remembers and later hands to {@link #completeSignIn} as expected.
     *
     * @param relayState opaque text the identity provider hands back with its answer
     */
    SignInRequest signInRequest(IdentityProviderSettings settings, String relayState);

    /**
     * Proves the identity provider's answer to a sign-in, as the browser posted it.
     *
     * @param form the posted form fields or query parameters (for SAML {@code SAMLResponse} and {@code RelayState},
     *             for OpenID Connect {@code code} and {@code state})
     * @param requestUrl the full URL the answer was posted to, as the browser used it
     * @param expectedRequest whether a request id is one Haven made and has not used yet
     * @throws FederatedSignInException when the answer proves nothing; its message is safe to show and log
     */
    FederatedIdentity completeSignIn(IdentityProviderSettings settings, Map<String, String> form, String requestUrl,
                                     Predicate<String> expectedRequest);

    /**
     * Where to send the browser to sign out at the identity provider, or empty when the settings name no sign-out
     * URL.
     */
    Optional<String> signOutRequest(IdentityProviderSettings settings, FederatedIdentity identity, String relayState);

    /**
     * Checks the settings before they are used ("test connection", guide 17.2): the certificate, the URLs, and that
     * the identity provider's sign-in URL answers. Each finding is one sentence; none means all is well.
     */
    List<Finding> check(IdentityProviderSettings settings);

    /** One result of {@link #check}. */
    record Finding(boolean ok, String message) {
    }
}
