package io.haven.shell.user;

import io.haven.api.auth.IdentityProtocol.Finding;
import io.haven.api.auth.IdentityProviderSettings;
import io.haven.api.model.Caller;
import io.haven.api.service.IdentityProviderService;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Root's identity provider settings (guide 17.2): shown, changed with the options given, or tested. */
@Service
@Command(scope = "haven", name = "identity-provider", description = "Shows, changes (options) or tests (--test) sign-in "
        + "with the identity provider (root only)")
public class IdentityProviderCommand extends HavenCommand {

    @Reference
    IdentityProviderService identityProvider;

    @Reference
    UserService users;

    @Option(name = "--enable", description = "Let users sign in with the identity provider")
    boolean enable;

    @Option(name = "--disable", description = "Stop sign-in with the identity provider")
    boolean disable;

    @Option(name = "--haven-address", description = "Haven's DNS name or IP address as the identity provider knows it, "
            + "with :port when not 443")
    String havenAddress;

    @Option(name = "--entity-id", description = "The identity provider's entity id")
    String entityId;

    @Option(name = "--sign-in-url", description = "The identity provider's sign-in URL")
    String signInUrl;

    @Option(name = "--sign-out-url", description = "The identity provider's sign-out URL ('' for none)")
    String signOutUrl;

    @Option(name = "--name-id-format", description = "The SAML NameID format to ask for")
    String nameIdFormat;

    @Option(name = "--certificate-file", description = "A file with the identity provider's X.509 certificate (PEM)")
    String certificateFile;

    @Option(name = "--protocol", description = "saml (the default) or oidc (OpenID Connect)")
    String protocol;

    @Option(name = "--client-id", description = "OpenID Connect: Haven's client id at the identity provider")
    String clientId;

    @Option(name = "--client-secret", description = "OpenID Connect: asks for Haven's client secret (never on the command line)")
    boolean askClientSecret;

    @Reference
    org.apache.karaf.shell.api.console.Session session;

    @Option(name = "--sign-requests", description = "SAML: yes to sign sign-in and sign-out requests with Haven's own "
            + "key (its certificate is in Haven's metadata), no to stop")
    String signRequests;

    @Option(name = "--encrypted-assertions", description = "SAML: required to refuse assertions not encrypted for "
            + "Haven's key, optional to accept both")
    String encryptedAssertions;

    @Option(name = "--test", description = "Test connection: check the stored settings and that the identity provider answers")
    boolean test;

    /** {@code yes} for the first word, false for the second; anything else names the field. */
    private static boolean choice(String field, String given, String yes, String no) {
        if (yes.equalsIgnoreCase(given)) {
            return true;
        }
        if (no.equalsIgnoreCase(given)) {
            return false;
        }
        throw new ValidationException(field, "Give " + yes + " or " + no + ", not '" + given + "'");
    }

    @Override
    protected Object run() throws IOException {
        if (enable && disable) {
            throw new ValidationException("enabled", "Give --enable or --disable, not both");
        }
        Caller caller = ShellUser.caller(users);
        IdentityProviderSettings s = identityProvider.settings(caller);
        if (enable || disable || havenAddress != null || entityId != null || signInUrl != null || signOutUrl != null
                || nameIdFormat != null || certificateFile != null || protocol != null || clientId != null
                || askClientSecret || signRequests != null || encryptedAssertions != null) {
            String secret = askClientSecret ? new String(new PasswordPrompt(session).secret("Client secret: ")) : null;
            s = identityProvider.updateSettings(caller, new IdentityProviderSettings(enable || (!disable && s.enabled()),
                    or(protocol, s.protocol()), or(havenAddress, s.havenAddress()), or(entityId, s.entityId()),
                    or(signInUrl, s.signInUrl()), or(signOutUrl, s.signOutUrl()), or(nameIdFormat, s.nameIdFormat()),
                    certificateFile == null ? s.certificatePem() : certificate(certificateFile),
                    or(clientId, s.clientId()), secret,
                    signRequests == null ? s.signRequests() : choice("signRequests", signRequests, "yes", "no"),
                    encryptedAssertions == null ? s.requireEncryptedAssertions()
                            : choice("requireEncryptedAssertions", encryptedAssertions, "required", "optional"),
                    null));
        }
        System.out.println("Sign-in with the identity provider: " + (s.enabled() ? "enabled" : "disabled")
                + " (" + s.protocol() + ")");
        System.out.println("  Haven address:  " + or(s.havenAddress(), "-"));
        System.out.println("  Entity id:      " + or(s.entityId(), "-"));
        System.out.println("  Sign in URL:    " + or(s.signInUrl(), "-"));
        System.out.println("  Sign out URL:   " + or(s.signOutUrl(), "-"));
        System.out.println("  NameID format:  " + s.nameIdFormat());
        System.out.println("  Certificate:    " + (s.certificatePem() == null ? "-" : "set"));
        System.out.println("  Requests:       " + (s.signRequests() ? "signed with Haven's key (in its metadata)"
                : "not signed") + "; assertions " + (s.requireEncryptedAssertions() ? "must be encrypted"
                : "encrypted or not"));
        System.out.println("  Client id:      " + or(s.clientId(), "-") + (s.clientSecret() == null ? ", no client secret"
                : ", client secret set"));
        if (s.havenAddress() != null) {
            System.out.println("  For the identity provider: entity id " + s.serviceProviderEntityId() + ", sign in "
                    + "response " + s.completeLoginUrl() + ", sign out response " + s.completeLogoutUrl());
        }
        if (test) {
            List<Finding> findings = identityProvider.test(caller);
            findings.forEach(f -> System.out.println((f.ok() ? "  OK    " : "  FAIL  ") + f.message()));
            System.out.println(findings.stream().allMatch(Finding::ok) ? "Test passed" : "Test failed");
        }
        return null;
    }

    private static String certificate(String file) throws IOException {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path) || Files.size(path) > 16_000) {
            throw new ValidationException("certificate-file", "No certificate file of at most 16000 bytes at " + file);
        }
        return Files.readString(path, StandardCharsets.US_ASCII);
    }

    private static String or(String given, String current) {
        return given == null ? current : given;
    }
}
