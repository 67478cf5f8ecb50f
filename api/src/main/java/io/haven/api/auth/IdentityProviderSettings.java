package io.haven.api.auth;

/**
 * The identity provider settings of guide 17.2, as root set them in Haven.
 *
 * @param enabled whether users may sign in with the identity provider
 * @param protocol the {@link IdentityProtocol#name()} to use, such as {@code saml}
 * @param havenAddress Haven's DNS name or IP address as the identity provider knows it, with a port when it is not
 *                     443 ({@code haven.example.com:8443}); Haven's URLs are {@code https://<havenAddress>/remote_auth/...}
 * @param entityId the identity provider's entity id (its issuer)
 * @param signInUrl where sign-in requests go
 * @param signOutUrl where sign-out requests go; null when the identity provider has none
 * @param nameIdFormat the SAML NameID format Haven asks for, such as
 *                     {@code urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified}
 * @param certificatePem the identity provider's X.509 signing certificate, PEM (SAML)
 * @param clientId Haven's client id at the identity provider (OpenID Connect)
 * @param clientSecret Haven's client secret at the identity provider (OpenID Connect), in clear text only in memory:
 *                     core stores it encrypted and never shows it
 * @param signRequests whether Haven signs its sign-in and sign-out requests (SAML, RSA-SHA256) with its own key
 *                     (since 1.3)
 * @param requireEncryptedAssertions whether Haven refuses assertions that are not encrypted for its key (SAML);
 *                     encrypted ones are accepted either way when Haven has a key (since 1.3)
 * @param serviceProviderKey Haven's own key pair as a service provider, made by core on first use; null when there is
 *                     none yet. Never shown, never stored in clear text (since 1.3)
 * @param previousServiceProviderKey the key {@code serviceProviderKey} replaced when root rolled it over, while it is
 *                     kept: published in the metadata beside the current one and used to decrypt assertions still
 *                     encrypted for it, never to sign; null when there is none (since 1.4)
 */
public record IdentityProviderSettings(boolean enabled, String protocol, String havenAddress, String entityId,
                                       String signInUrl, String signOutUrl, String nameIdFormat, String certificatePem,
                                       String clientId, String clientSecret, boolean signRequests,
                                       boolean requireEncryptedAssertions, ServiceProviderKey serviceProviderKey,
                                       ServiceProviderKey previousServiceProviderKey) {

    /** Settings with Haven's key and no previous one (the form of 1.3). */
    public IdentityProviderSettings(boolean enabled, String protocol, String havenAddress, String entityId,
                                    String signInUrl, String signOutUrl, String nameIdFormat, String certificatePem,
                                    String clientId, String clientSecret, boolean signRequests,
                                    boolean requireEncryptedAssertions, ServiceProviderKey serviceProviderKey) {
        this(enabled, protocol, havenAddress, entityId, signInUrl, signOutUrl, nameIdFormat, certificatePem, clientId,
                clientSecret, signRequests, requireEncryptedAssertions, serviceProviderKey, null);
    }

    /** Settings without Haven's own key: requests unsigned, assertions not required encrypted (the form of 1.2). */
    public IdentityProviderSettings(boolean enabled, String protocol, String havenAddress, String entityId,
                                    String signInUrl, String signOutUrl, String nameIdFormat, String certificatePem,
                                    String clientId, String clientSecret) {
        this(enabled, protocol, havenAddress, entityId, signInUrl, signOutUrl, nameIdFormat, certificatePem, clientId,
                clientSecret, false, false, null);
    }

    /** Settings of a protocol that needs no client (SAML). */
    public IdentityProviderSettings(boolean enabled, String protocol, String havenAddress, String entityId,
                                    String signInUrl, String signOutUrl, String nameIdFormat, String certificatePem) {
        this(enabled, protocol, havenAddress, entityId, signInUrl, signOutUrl, nameIdFormat, certificatePem, null, null);
    }

    /** The same settings with another client secret. */
    public IdentityProviderSettings withClientSecret(String secret) {
        return new IdentityProviderSettings(enabled, protocol, havenAddress, entityId, signInUrl, signOutUrl,
                nameIdFormat, certificatePem, clientId, secret, signRequests, requireEncryptedAssertions,
                serviceProviderKey, previousServiceProviderKey);
    }

    /** The same settings with Haven's own key pair (and the previous one kept). @since 1.3 */
    public IdentityProviderSettings withServiceProviderKey(ServiceProviderKey key) {
        return withServiceProviderKeys(key, previousServiceProviderKey);
    }

    /** The same settings with Haven's own key pair and the previous one, null when none is kept. @since 1.4 */
    public IdentityProviderSettings withServiceProviderKeys(ServiceProviderKey key, ServiceProviderKey previous) {
        return new IdentityProviderSettings(enabled, protocol, havenAddress, entityId, signInUrl, signOutUrl,
                nameIdFormat, certificatePem, clientId, clientSecret, signRequests, requireEncryptedAssertions, key,
                previous);
    }

    /** The same settings, signing requests and requiring encrypted assertions or not. @since 1.3 */
    public IdentityProviderSettings withServiceProviderSecurity(boolean sign, boolean requireEncrypted) {
        return new IdentityProviderSettings(enabled, protocol, havenAddress, entityId, signInUrl, signOutUrl,
                nameIdFormat, certificatePem, clientId, clientSecret, sign, requireEncrypted, serviceProviderKey,
                previousServiceProviderKey);
    }

    @Override
    public String toString() {
        return "IdentityProviderSettings[enabled=" + enabled + ", protocol=" + protocol + ", havenAddress=" + havenAddress
                + ", entityId=" + entityId + ", signInUrl=" + signInUrl + ", signOutUrl=" + signOutUrl + ", clientId="
                + clientId + ", clientSecret=" + (clientSecret == null ? "none" : "***") + ", signRequests=" + signRequests
                + ", requireEncryptedAssertions=" + requireEncryptedAssertions + ", serviceProviderKey="
                + (serviceProviderKey == null ? "none" : serviceProviderKey) + ", previousServiceProviderKey="
                + (previousServiceProviderKey == null ? "none" : previousServiceProviderKey) + "]";
    }

    /** The path of Haven's metadata, which is also Haven's entity id as a service provider (guide 17.1). */
    public static final String METADATA_PATH = "/remote_auth/metadata";
    /** Where the identity provider posts its answer to a sign-in (guide 17.1). */
    public static final String COMPLETE_LOGIN_PATH = "/remote_auth/complete_login/";
    /** Where the identity provider sends the browser back after a sign-out (guide 17.1). */
    public static final String COMPLETE_LOGOUT_PATH = "/remote_auth/complete_logout/";

    /** Haven's base URL as the identity provider knows it. */
    public String havenUrl() {
        return "https://" + havenAddress;
    }

    /** Haven's entity id as a service provider. */
    public String serviceProviderEntityId() {
        return havenUrl() + METADATA_PATH;
    }

    public String completeLoginUrl() {
        return havenUrl() + COMPLETE_LOGIN_PATH;
    }

    public String completeLogoutUrl() {
        return havenUrl() + COMPLETE_LOGOUT_PATH;
    }
}
