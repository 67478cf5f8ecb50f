package io.haven.shell.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.auth.IdentityProtocol.Finding;
import io.haven.api.auth.IdentityProviderSettings;
import io.haven.api.model.Caller;
import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.UserGroup;
import io.haven.api.model.UserGroupDraft;
import io.haven.api.model.UserType;
import io.haven.api.service.IdentityProviderService;
import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeSession;
import io.haven.shell.testing.FakeUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** haven:identity-provider and haven:group-* (guide 17): adapters only; the rules are core's (IdentityProviderServiceTest). */
class IdentityProviderCommandsTest {

    /** Keeps what it is given, as core would after its checks. */
    static final class Recording implements IdentityProviderService {
        IdentityProviderSettings settings = new IdentityProviderSettings(false, "saml", null, null, null, null,
                "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", null);
        final List<IdentityProviderSettings> updates = new ArrayList<>();
        final List<UserGroupDraft> drafts = new ArrayList<>();

        @Override
        public IdentityProviderSettings settings(Caller caller) {
            return settings;
        }

        @Override
        public IdentityProviderSettings updateSettings(Caller caller, IdentityProviderSettings s) {
            updates.add(s);
            settings = s.clientSecret() == null ? s : s.withClientSecret(SECRET_KEPT);
            return settings;
        }

        @Override
        public List<Finding> test(Caller caller) {
            return List.of(new Finding(true, "The discovery document answers"), new Finding(false, "No key set"));
        }

        @Override
        public String serviceProviderMetadata() {
            return "";
        }

        final List<String> keyCalls = new ArrayList<>();
        ServiceProviderCertificate current = new ServiceProviderCertificate("PEM-1", "AA:BB",
                java.time.Instant.parse("2036-01-01T00:00:00Z"), null);
        ServiceProviderCertificate previous;

        @Override
        public ServiceProviderCertificates serviceProviderKeys(Caller caller) {
            return new ServiceProviderCertificates(current, previous);
        }

        @Override
        public ServiceProviderCertificates rollOverServiceProviderKey(Caller caller, Integer graceDays) {
            keyCalls.add("roll over " + graceDays);
            previous = new ServiceProviderCertificate(current.certificatePem(), current.sha256Fingerprint(),
                    current.validUntil(), java.time.Instant.parse("2026-02-01T00:00:00Z"));
            current = new ServiceProviderCertificate("PEM-2", "CC:DD", java.time.Instant.parse("2037-01-01T00:00:00Z"), null);
            return serviceProviderKeys(caller);
        }

        @Override
        public ServiceProviderCertificates retirePreviousServiceProviderKey(Caller caller) {
            keyCalls.add("retire");
            previous = null;
            return serviceProviderKeys(caller);
        }

        @Override
        public List<UserGroup> groups(Caller caller) {
            return List.of(group(1, "default_managed_users", true, new UserGroupDraft(null, true, UserType.MANAGED, false,
                    null, null, null)));
        }

        @Override
        public UserGroup group(Caller caller, long id) {
            return groups(caller).get(0);
        }

        @Override
        public UserGroup createGroup(Caller caller, UserGroupDraft draft) {
            drafts.add(draft);
            return group(7, draft.name(), false, draft);
        }

        @Override
        public UserGroup updateGroup(Caller caller, long id, UserGroupDraft draft) {
            drafts.add(draft);
            return group(id, "ops", false, draft);
        }

        @Override
        public void deleteGroup(Caller caller, long id) {
        }

        @Override
        public boolean signInAvailable() {
            return false;
        }

        @Override
        public String startSignIn(String returnTo, String address) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletedSignIn completeSignIn(Map<String, String> form, String requestUrl, String address) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> signOut(String sessionToken) {
            return Optional.empty();
        }

        private static UserGroup group(long id, String name, boolean builtIn, UserGroupDraft d) {
            return new UserGroup(id, name, builtIn, d.enabled() == null || d.enabled(), d.type(),
                    Boolean.TRUE.equals(d.fileLevelRecovery()), d.limits(), d.originalUsername(), d.permissions());
        }
    }

    private final Recording service = new Recording();
    private final FakeUsers users = new FakeUsers();

    @Test
    void groupAddTakesEveryOptionAndSaysWhatTheMembersAreInTheIdentityProvider() throws Exception {
        GroupAddCommand add = new GroupAddCommand();
        add.identityProvider = service;
        add.users = users;
        add.name = "deputies";
        add.type = "delegate";
        add.originalUser = "alice";
        add.allowRecovery = "yes";

        Console.Run run = Console.execute(add);

        assertThat(run.err()).isEmpty();
        assertThat(service.drafts).singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo(UserType.DELEGATE);
            assertThat(d.originalUsername()).isEqualTo("alice");
            assertThat(d.permissions()).isEqualTo(new DelegatePermissions(true, false, false));
            assertThat(d.limits()).as("no limit option given").isNull();
        });
        assertThat(run.out()).contains("Added 7  deputies: delegates of 'alice', view and recovery; in the identity "
                + "provider: cpm_deputies");

        GroupAddCommand bad = new GroupAddCommand();
        bad.identityProvider = service;
        bad.users = users;
        bad.name = "x";
        bad.type = "admin";
        assertThat(Console.execute(bad).err()).contains("type").contains("independent, managed or delegate");
        assertThat(service.drafts).hasSize(1);

        GroupListCommand list = new GroupListCommand();
        list.identityProvider = service;
        list.users = users;
        assertThat(Console.execute(list).out()).contains("default_managed_users (built-in): managed users");
    }

    @Test
    void theClientSecretIsAskedMaskedAndNeverPrintedAndTheTestSaysWhatFailed() throws Exception {
        IdentityProviderCommand command = new IdentityProviderCommand();
        command.identityProvider = service;
        command.users = users;
        FakeSession session = FakeSession.withAnswers("the-client-secret-1");
        command.session = session.session();
        command.protocol = "oidc";
        command.entityId = "https://idp.example.com/realms/corp";
        command.clientId = "haven";
        command.askClientSecret = true;
        command.enable = true;
        command.test = true;

        Console.Run run = Console.execute(command);

        assertThat(service.updates).singleElement().satisfies(s -> {
            assertThat(s.enabled()).isTrue();
            assertThat(s.protocol()).isEqualTo("oidc");
            assertThat(s.clientSecret()).isEqualTo("the-client-secret-1");
        });
        assertThat(session.prompts()).singleElement().satisfies(p -> assertThat(p.mask()).isEqualTo('*'));
        assertThat(run.out()).doesNotContain("the-client-secret-1").contains("client secret set")
                .contains("OK    The discovery document answers").contains("FAIL  No key set").contains("Test failed");
    }

    @Test
    void theKeyCommandShowsRollsOverWithItsGraceAndRetiresAndRefusesBothAtOnce() throws Exception {
        IdentityProviderKeyCommand show = keyCommand();
        assertThat(Console.execute(show).out()).contains("Current key (signs):").contains("SHA-256:      AA:BB")
                .contains("  PEM-1").contains("No previous key is kept.");

        IdentityProviderKeyCommand roll = keyCommand();
        roll.rollOver = true;
        roll.graceDays = 7;
        assertThat(Console.execute(roll).out()).contains("SHA-256:      CC:DD")
                .contains("Previous key (decrypts until 2026-02-01T00:00:00Z):").contains("SHA-256:      AA:BB");

        IdentityProviderKeyCommand both = keyCommand();
        both.rollOver = true;
        both.retirePrevious = true;
        assertThat(Console.execute(both).err()).contains("retirePrevious").contains("not both");
        IdentityProviderKeyCommand graceAlone = keyCommand();
        graceAlone.graceDays = 3;
        assertThat(Console.execute(graceAlone).err()).contains("graceDays");

        IdentityProviderKeyCommand retire = keyCommand();
        retire.retirePrevious = true;
        assertThat(Console.execute(retire).out()).contains("No previous key is kept.");
        assertThat(service.keyCalls).containsExactly("roll over 7", "retire");
    }

    private IdentityProviderKeyCommand keyCommand() {
        IdentityProviderKeyCommand command = new IdentityProviderKeyCommand();
        command.identityProvider = service;
        command.users = users;
        return command;
    }

    @Test
    void signingAndEncryptionAreSetByWordsKeptWhenNotGivenAndAWrongWordNamesTheField() throws Exception {
        IdentityProviderCommand sign = new IdentityProviderCommand();
        sign.identityProvider = service;
        sign.users = users;
        sign.signRequests = "yes";
        sign.encryptedAssertions = "required";
        Console.Run run = Console.execute(sign);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("signed with Haven's key").contains("assertions must be encrypted");

        IdentityProviderCommand other = new IdentityProviderCommand();
        other.identityProvider = service;
        other.users = users;
        other.entityId = "https://idp.example.com/other";
        Console.execute(other);
        assertThat(service.updates).extracting(s -> s.signRequests() + "/" + s.requireEncryptedAssertions())
                .as("kept when not given").containsExactly("true/true", "true/true");

        IdentityProviderCommand wrong = new IdentityProviderCommand();
        wrong.identityProvider = service;
        wrong.users = users;
        wrong.signRequests = "maybe";
        assertThat(Console.execute(wrong).err()).startsWith("Error: signRequests: Give yes or no");
        assertThat(service.updates).hasSize(2);
    }
}
