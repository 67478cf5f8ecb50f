package io.haven.rest.dto;

import io.haven.api.auth.IdentityProviderSettings;

/**
 * The identity provider settings (guide 17.2) and, once Haven's address is set, the URLs the identity provider's
 * administrator enters for Haven (17.1). The certificate is the identity provider's public one: no secret; the client
 * secret is never shown, only whether one is set.
 */
public record IdentityProviderView(boolean enabled, String protocol, String havenAddress, String entityId,
                                   String signInUrl, String signOutUrl, String nameIdFormat, String certificatePem,
                                   String clientId, boolean clientSecretSet, String serviceProviderEntityId,
                                   String completeLoginUrl, String completeLogoutUrl, boolean signRequests,
                                   boolean requireEncryptedAssertions) {

    public static IdentityProviderView of(IdentityProviderSettings s) {
        boolean addressed = s.havenAddress() != null;
        return new IdentityProviderView(s.enabled(), s.protocol(), s.havenAddress(), s.entityId(), s.signInUrl(),
                s.signOutUrl(), s.nameIdFormat(), s.certificatePem(), s.clientId(), s.clientSecret() != null,
                addressed ? s.serviceProviderEntityId() : null,
                addressed ? s.completeLoginUrl() : null, addressed ? s.completeLogoutUrl() : null, s.signRequests(),
                s.requireEncryptedAssertions());
    }
}
