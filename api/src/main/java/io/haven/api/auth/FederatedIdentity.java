package io.haven.api.auth;

import java.util.List;
import java.util.Map;

/**
 * Who the identity provider says signed in, proven by an {@link IdentityProtocol}.
 *
 * @param nameId the subject's name as the identity provider gives it (SAML NameID)
 * @param sessionIndex the identity provider's session, needed to sign out there; may be null
 * @param attributes every attribute (claim) of the answer by name, each with all its values, such as
 *                   {@code cpm_user_groups} and {@code cpm_user_permissions} (guide 17.4)
 */
public record FederatedIdentity(String nameId, String sessionIndex, Map<String, List<String>> attributes) {

    public FederatedIdentity {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** Every value of an attribute, none when it is absent. */
    public List<String> values(String attribute) {
        return attributes.getOrDefault(attribute, List.of());
    }
}
