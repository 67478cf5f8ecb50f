package io.haven.core.identity;

import io.haven.api.auth.IdentityProviderSettings;
import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.ResourceLimits;
import io.haven.api.model.UserGroup;
import io.haven.api.model.UserGroupDraft;
import io.haven.api.model.UserType;
import io.haven.api.service.ValidationException;
import io.haven.core.access.UserManagement;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules of the identity provider settings and of groups (guide 17.2, 17.3); each failure names its field. */
final class IdentityProviderRules {

    static final String UNSPECIFIED = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
    static final Set<String> NAME_ID_FORMATS = Set.of(UNSPECIFIED,
            "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:entity",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
    static final IdentityProviderSettings DEFAULTS = new IdentityProviderSettings(false, "saml", null, null, null, null,
            UNSPECIFIED, null, null, null);

    /** A DNS name or IPv4 address, or an IPv6 address in brackets, with an optional port. */
    private static final Pattern ADDRESS = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9-]{1,63})*"
            + "|\\[[0-9A-Fa-f:.]{2,45}])(:[0-9]{1,5})?");
    private static final Pattern PROTOCOL = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,60}");

    private IdentityProviderRules() {
    }

    /** The grace period of a rolled-over SAML key, in days: the default when not given (decision 0048). */
    static int keyGraceDays(Integer days) {
        if (days == null) {
            return io.haven.api.service.IdentityProviderService.DEFAULT_KEY_GRACE_DAYS;
        }
        if (days < 1 || days > io.haven.api.service.IdentityProviderService.MAX_KEY_GRACE_DAYS) {
            throw new ValidationException("graceDays", "The previous key is kept 1 to "
                    + io.haven.api.service.IdentityProviderService.MAX_KEY_GRACE_DAYS + " days");
        }
        return days;
    }

    /** The settings to store: blanks become null, the defaults fill what is missing, and enabled ones are complete. */
    /**
     * @param protocols the installed protocols' names, each with the settings it requires
     */
    static IdentityProviderSettings check(IdentityProviderSettings s, Map<String, List<String>> protocols) {
        if (s == null) {
            throw new ValidationException("body", "The identity provider settings are required");
        }
        String protocol = blank(s.protocol()) == null ? DEFAULTS.protocol() : s.protocol().trim();
        String address = blank(s.havenAddress());
        String entityId = blank(s.entityId());
        String signIn = blank(s.signInUrl());
        String signOut = blank(s.signOutUrl());
        String format = blank(s.nameIdFormat()) == null ? UNSPECIFIED : s.nameIdFormat().trim();
        String certificate = blank(s.certificatePem());
        String clientId = blank(s.clientId());
        String clientSecret = s.clientSecret() == null || s.clientSecret().isEmpty() ? null : s.clientSecret();
        if (clientId != null && clientId.length() > 500) {
            throw new ValidationException("clientId", "A client id is at most 500 characters");
        }
        if (clientSecret != null && (clientSecret.length() > 1000 || clientSecret.isBlank())) {
            throw new ValidationException("clientSecret", "A client secret is 1 to 1000 characters, not only spaces");
        }
        if (!PROTOCOL.matcher(protocol).matches()) {
            throw new ValidationException("protocol", "A protocol's name, such as saml or oidc");
        }
        if (address != null && (!ADDRESS.matcher(address).matches() || address.length() > 260)) {
            throw new ValidationException("havenAddress", "Haven's DNS name or IP address, with a port when it is not "
                    + "443, such as haven.example.com:8443; no https:// and no path");
        }
        if (entityId != null && entityId.length() > 1000) {
            throw new ValidationException("entityId", "An entity id is at most 1000 characters");
        }
        url("signInUrl", signIn);
        url("signOutUrl", signOut);
        if (!NAME_ID_FORMATS.contains(format)) {
            throw new ValidationException("nameIdFormat", "One of the SAML NameID formats, such as " + UNSPECIFIED);
        }
        if (certificate != null) {
            certificate(certificate);
        }
        IdentityProviderSettings checked = new IdentityProviderSettings(s.enabled(), protocol, address, entityId, signIn,
                signOut, format, certificate, clientId, clientSecret, s.signRequests(), s.requireEncryptedAssertions(),
                null);
        if ((s.signRequests() || s.requireEncryptedAssertions()) && !"saml".equals(protocol)) {
            throw new ValidationException(s.signRequests() ? "signRequests" : "requireEncryptedAssertions",
                    "Signed requests and encrypted assertions are SAML's; protocol '" + protocol + "' has neither");
        }
        if (s.enabled()) {
            if (!protocols.containsKey(protocol)) {
                throw new ValidationException("protocol", "No identity protocol '" + protocol + "' is installed"
                        + (protocols.isEmpty() ? "" : "; installed: " + String.join(", ", protocols.keySet())));
            }
            for (String field : protocols.get(protocol)) {
                required(field, value(checked, field));
            }
        }
        return checked;
    }

    static UserGroup newGroup(UserGroupDraft draft) {
        if (draft == null) {
            throw new ValidationException("body", "A group is required");
        }
        if (draft.name() == null || !GROUP_NAME.matcher(draft.name()).matches()) {
            throw new ValidationException("name", "A group name is 1 to 60 letters, digits and _ . -; in the identity "
                    + "provider the group is cpm_<name>");
        }
        if (draft.type() == null) {
            throw new ValidationException("type", "Choose INDEPENDENT, MANAGED or DELEGATE");
        }
        return group(new UserGroup(0, draft.name(), false, true, draft.type(), false, ResourceLimits.UNLIMITED, null,
                DelegatePermissions.VIEW_ONLY), draft, true);
    }

    static UserGroup changedGroup(UserGroup current, UserGroupDraft draft) {
        if (draft == null) {
            throw new ValidationException("body", "Say what to change");
        }
        if (draft.name() != null && !draft.name().equals(current.name())) {
            throw new ValidationException("name", "A group's name never changes: its members' identity provider groups "
                    + "are named after it");
        }
        if (draft.type() == UserType.DELEGATE && current.type() == UserType.DELEGATE && draft.originalUsername() != null
                && current.originalUsername() != null && !draft.originalUsername().equals(current.originalUsername())) {
            throw new ValidationException("originalUsername", "A delegate group's original user name cannot be modified "
                    + "after creation (guide 17.3)");
        }
        return group(current, draft, false);
    }

    private static UserGroup group(UserGroup base, UserGroupDraft d, boolean isNew) {
        UserType type = d.type() == null ? base.type() : d.type();
        if (type == UserType.ROOT) {
            throw new ValidationException("type", "Choose INDEPENDENT, MANAGED or DELEGATE");
        }
        ResourceLimits limits = d.limits() == null ? base.limits() : d.limits();
        limit("limits.maxAccounts", limits.maxAccounts());
        limit("limits.maxInstances", limits.maxInstances());
        limit("limits.maxEbsGiB", limits.maxEbsGiB());
        limit("limits.maxRdsGiB", limits.maxRdsGiB());
        limit("limits.maxRedshiftClusters", limits.maxRedshiftClusters());
        limit("limits.maxDynamoDbGiB", limits.maxDynamoDbGiB());
        String original = d.originalUsername() == null ? base.originalUsername() : blank(d.originalUsername());
        if (type != UserType.DELEGATE) {
            if (d.originalUsername() != null && blank(d.originalUsername()) != null) {
                throw new ValidationException("originalUsername", "Only a delegate group names an original user");
            }
            original = null;
        } else if (isNew && original == null) {
            // Guide 17.3: a delegate group names the user its members are delegates of (it need not exist yet).
            throw new ValidationException("originalUsername", "A delegate group names the user its members are "
                    + "delegates of");
        }
        if (original != null) {
            try {
                UserManagement.username(original);
            } catch (ValidationException e) {
                throw new ValidationException("originalUsername", e.getMessage());
            }
        }
        return new UserGroup(base.id(), base.name(), false, d.enabled() == null ? base.enabled() : d.enabled(), type,
                d.fileLevelRecovery() == null ? base.fileLevelRecovery() : d.fileLevelRecovery(), limits, original,
                d.permissions() == null ? base.permissions() : d.permissions());
    }

    private static void limit(String field, Long value) {
        if (value != null && (value < 0 || value > UserManagement.MAX_LIMIT)) {
            throw new ValidationException(field, "A limit is empty (no limit) or a whole number from 0 to "
                    + UserManagement.MAX_LIMIT + ", not " + value);
        }
    }

    private static void url(String field, String url) {
        if (url == null) {
            return;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean loopback = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost())
                    || "[::1]".equals(uri.getHost());
            if (url.length() > 2000 || uri.getHost() == null
                    || !(scheme.equals("https") || scheme.equals("http") && loopback)) {
                throw new URISyntaxException(url, "not https");
            }
        } catch (URISyntaxException e) {
            throw new ValidationException(field, "An https:// URL of the identity provider (http:// only on this "
                    + "machine), at most 2000 characters");
        }
    }

    private static void certificate(String pem) {
        if (pem.length() > 16_000) {
            throw new ValidationException("certificatePem", "A certificate is at most 16000 characters of PEM");
        }
        String text = pem.contains("-----BEGIN") ? pem
                : "-----BEGIN CERTIFICATE-----\n" + pem + "\n-----END CERTIFICATE-----\n";
        try {
            CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | RuntimeException e) {
            throw new ValidationException("certificatePem", "Not an X.509 certificate in PEM (the identity provider's "
                    + "signing certificate, -----BEGIN CERTIFICATE----- ...)");
        }
    }

    private static String value(IdentityProviderSettings s, String field) {
        return switch (field) {
            case "havenAddress" -> s.havenAddress();
            case "entityId" -> s.entityId();
            case "signInUrl" -> s.signInUrl();
            case "signOutUrl" -> s.signOutUrl();
            case "certificatePem" -> s.certificatePem();
            case "clientId" -> s.clientId();
            case "clientSecret" -> s.clientSecret();
            default -> throw new IllegalArgumentException("A protocol requires the unknown setting " + field);
        };
    }

    private static void required(String field, String value) {
        if (value == null) {
            throw new ValidationException(field, "Required when sign-in with the identity provider is enabled");
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
