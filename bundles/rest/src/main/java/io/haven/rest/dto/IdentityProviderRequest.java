package io.haven.rest.dto;

import io.haven.api.auth.IdentityProviderSettings;

/**
 * The body of PUT /identity-provider: the whole settings (guide 17.2); absent text fields are cleared, except the
 * client secret, which absent or "********" is kept and empty is removed. {@code signRequests} and
 * {@code requireEncryptedAssertions} (SAML) are off when absent.
 */
public record IdentityProviderRequest(Boolean enabled, String protocol, String havenAddress, String entityId,
                                      String signInUrl, String signOutUrl, String nameIdFormat, String certificatePem,
                                      String clientId, String clientSecret, Boolean signRequests,
                                      Boolean requireEncryptedAssertions) {

    public IdentityProviderSettings toSettings() {
        return new IdentityProviderSettings(Boolean.TRUE.equals(enabled), protocol, havenAddress, entityId, signInUrl,
                signOutUrl, nameIdFormat, certificatePem, clientId, clientSecret, Boolean.TRUE.equals(signRequests),
                Boolean.TRUE.equals(requireEncryptedAssertions), null);
    }

    @Override
    public String toString() {
        return toSettings().toString();
    }
}
