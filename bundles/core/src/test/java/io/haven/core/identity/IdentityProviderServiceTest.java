package io.haven.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.auth.FederatedIdentity;
import io.haven.api.auth.FederatedSignInException;
import io.haven.api.auth.IdentityProtocol;
import io.haven.api.auth.IdentityProviderSettings;
import io.haven.api.auth.SignInFailure;
import io.haven.api.auth.SignInRequest;
import io.haven.api.model.Caller;
import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.ResourceLimits;
import io.haven.api.model.User;
import io.haven.api.model.UserDraft;
import io.haven.api.model.UserGroup;
import io.haven.api.model.UserGroupDraft;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import io.haven.api.service.ConflictException;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.IdentityProviderService.CompletedSignIn;
import io.haven.api.service.TooManySignInsException;
import io.haven.api.service.ValidationException;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.core.audit.AuditServiceImpl;
import io.haven.core.security.SessionServiceImpl;
import io.haven.core.security.TestSignIns;
import io.haven.core.security.UserServiceImpl;
import io.haven.store.HavenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with the identity provider (guide 17, issue 9) behind a protocol that proves whatever identity the test
 * hands it: the groups, the claims, who may sign in, and the settings' rules. The SAML protocol's own proofs are
 * tested in its plugin, and both together through the distribution in SamlIT.
 */
class IdentityProviderServiceTest {

    private static final String CERTIFICATE = """
            -----BEGIN CERTIFICATE-----
            MIIBtjCCAVugAwIBAgITBmyf1XSXNmY/Owua2eiedgPySjAKBggqhkjOPQQDAjA5
            MQswCQYDVQQGEwJVUzEPMA0GA1UEChMGQW1hem9uMRkwFwYDVQQDExBBbWF6b24g
            Um9vdCBDQSAzMB4XDTE1MDUyNjAwMDAwMFoXDTQwMDUyNjAwMDAwMFowOTELMAkG
            A1UEBhMCVVMxDzANBgNVBAoTBkFtYXpvbjEZMBcGA1UEAxMQQW1hem9uIFJvb3Qg
            Q0EgMzBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABCmXp8ZBf8ANm+gBG1bG8lKl
            ui2yEujSLtf6ycXYqm0fc4E7O5hrOXwzpcVOho6AF2hiRVd9RFgdszflZwjrZt6j
            QjBAMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgGGMB0GA1UdDgQWBBSr
            ttvXBp43rDCGB5Fwx5zEGbF4wDAKBggqhkjOPQQDAgNJADBGAiEA4IWSoxe3jfkr
            BqWTrBqYaGFy+uGh0PsceGCmQ5nFuMQCIQCcAu/xlJyzlvnrxir4tiz+OpAUFteM
            YyRIHN8wfdVoOw==
            -----END CERTIFICATE-----
            """;

    private final HavenStore store = TestStores.empty();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final List<SignInFailure> failures = new ArrayList<>();
    private final UserServiceImpl users = TestSignIns.users(store, clock, failures::add);
    private final AuditServiceImpl audit = new AuditServiceImpl(store, clock, Duration.ofDays(30));
    private final SessionServiceImpl sessions = TestSignIns.sessions(users, audit, clock);
    private final IdentityProviderServiceImpl service = new IdentityProviderServiceImpl(store, users, sessions,
            io.haven.core.security.TestSignIns.cipher(), clock);
    private final TestProtocol protocol = new TestProtocol();
    private Caller root;

    @BeforeEach
    void enabled() {
        root = Caller.of(users.byUsername("root").orElseThrow());
        service.addProtocol(protocol);
        service.updateSettings(root, settings(true));
    }

    @Test
    void fourBuiltInGroupsComeWithHavenAndCannotBeChangedOrDeleted() {
        List<UserGroup> groups = service.groups(root);
        assertThat(groups).extracting(UserGroup::name).containsExactlyInAnyOrder("default_independent_users",
                "default_managed_users", "default_file_level_recovery_users", "default_delegates");
        assertThat(groups).allMatch(UserGroup::builtIn);
        UserGroup managed = groups.stream().filter(g -> g.name().equals("default_managed_users")).findFirst().orElseThrow();
        assertThatThrownBy(() -> service.updateGroup(root, managed.id(), new UserGroupDraft(null, false, null, null,
                null, null, null))).isInstanceOf(ConflictException.class).hasMessageContaining("built-in");
        assertThatThrownBy(() -> service.deleteGroup(root, managed.id())).isInstanceOf(ConflictException.class);
        assertThat(service.group(root, managed.id()).enabled()).isTrue();
    }

    @Test
    void onlyRootSeesOrChangesGroupsAndSettingsAndBadValuesNameTheirField() {
        users.createUser(root, new UserDraft("alice", null, TestSignIns.ROOT_PASSWORD.toCharArray(), UserType.INDEPENDENT,
                null));
        Caller alice = Caller.of(users.byUsername("alice").orElseThrow());
        assertThatThrownBy(() -> service.groups(alice)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.settings(alice)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.createGroup(alice, draft("ops", UserType.MANAGED))).isInstanceOf(ForbiddenException.class);

        assertThatThrownBy(() -> service.createGroup(root, draft("cpm ops", UserType.MANAGED)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("name");
        assertThatThrownBy(() -> service.createGroup(root, draft("deputies", UserType.DELEGATE)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("originalUsername");
        assertThatThrownBy(() -> service.createGroup(root, new UserGroupDraft("ops", null, UserType.MANAGED, null,
                new ResourceLimits(-1L, null, null, null, null, null), null, null)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("limits.maxAccounts");
        service.createGroup(root, draft("ops", UserType.MANAGED));
        assertThatThrownBy(() -> service.createGroup(root, draft("OPS", UserType.MANAGED))).isInstanceOf(ConflictException.class);

        IdentityProviderSettings good = settings(true);
        assertThatThrownBy(() -> service.updateSettings(root, with(good, "http://idp.example.com/sso", CERTIFICATE)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("signInUrl");
        assertThatThrownBy(() -> service.updateSettings(root, with(good, good.signInUrl(), "not a certificate")))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("certificatePem");
        assertThatThrownBy(() -> service.updateSettings(root, with(good, good.signInUrl(), null)))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("certificatePem");
        assertThatThrownBy(() -> service.updateSettings(root, new IdentityProviderSettings(true, "oidc", "haven.test",
                "https://idp.test", good.signInUrl(), null, null, CERTIFICATE)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("installed: test");
        assertThatThrownBy(() -> service.updateSettings(root, new IdentityProviderSettings(false,
                "000000000000000000000", null, null, null, null, null, null))).isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("protocol");
        assertThat(service.settings(root)).as("nothing changed").isEqualTo(good);
        assertThat(service.updateSettings(root, new IdentityProviderSettings(false, null, null, null, null, null, null,
                null))).as("a disabled, empty setting is fine").extracting(IdentityProviderSettings::nameIdFormat)
                .isEqualTo(IdentityProviderRules.UNSPECIFIED);
        assertThat(service.signInAvailable()).isFalse();
        assertThatThrownBy(() -> service.startSignIn("/console/", "192.0.2.1")).isInstanceOf(ConflictException.class);
    }

    @Test
    void aMemberOfOneGroupIsMadeAtItsFirstSignInWithTheGroupsSettingsAndItsOwnOverrides() {
        service.createGroup(root, new UserGroupDraft("ops", null, UserType.MANAGED, null,
                new ResourceLimits(3L, 10L, null, null, null, null), null, null));
        CompletedSignIn signedIn = signIn(identity("carol@example.com", List.of("staff", "cpm_ops"),
                "max_accounts=1;email=carol@example.com"), "/console/#/backups");

        User carol = signedIn.session().session().user();
        assertThat(carol.username()).isEqualTo("carol@example.com");
        assertThat(carol.type()).isEqualTo(UserType.MANAGED);
        assertThat(signedIn.returnTo()).isEqualTo("/console/#/backups");
        UserProfile profile = users.user(root, carol.id());
        assertThat(profile.managerId()).as("managed by root").isEqualTo(root.user().id());
        assertThat(profile.limits()).isEqualTo(new ResourceLimits(1L, 10L, null, null, null, null));
        assertThat(profile.email()).isEqualTo("carol@example.com");
        assertThat(sessions.resume(signedIn.session().token(), null)).map(s -> s.user().id()).contains(carol.id());

        // The claims change in the IdP: the next sign-in brings the user up to date; the user is not made twice.
        CompletedSignIn again = signIn(identity("carol@example.com", List.of("cpm_ops"), "user_type=independent"), null);
        assertThat(again.session().session().user().id()).isEqualTo(carol.id());
        assertThat(users.user(root, carol.id()).type()).isEqualTo(UserType.INDEPENDENT);
        assertThat(users.user(root, carol.id()).limits().maxAccounts()).isEqualTo(3L);
        assertThat(again.returnTo()).isEqualTo("/console/");

        assertThat(users.signIn("carol@example.com", "!identity-provider".toCharArray(), "192.0.2.1", "rest"))
                .as("no password signs in an identity provider's user").isEmpty();
        assertThatThrownBy(() -> users.resetPassword(root, carol.id(), "A-new-password-77".toCharArray()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("identity provider");
        assertThatThrownBy(() -> users.updateUser(root, carol.id(), new io.haven.api.model.UserChange("x@example.com",
                null, null))).as("guide 16.3: not edited, only deleted").isInstanceOf(ConflictException.class)
                .hasMessageContaining("comes from the identity provider");
        assertThat(users.deleteUser(root, carol.id()).username()).isEqualTo("carol@example.com");
    }

    @Test
    void noGroupTwoGroupsADisabledGroupRootAndALocalUsersNameAreRefusedWithTheirReason() {
        long ops = service.createGroup(root, draft("ops", UserType.MANAGED)).id();
        service.createGroup(root, draft("dev", UserType.MANAGED));
        users.createUser(root, new UserDraft("dave", null, TestSignIns.ROOT_PASSWORD.toCharArray(), UserType.MANAGED, null));

        assertRefused(identity("x", List.of("staff", "cpm_nosuch"), null), "belongs to no Haven group");
        assertRefused(identity("x", List.of("cpm_ops", "cpm_dev"), null), "more than one Haven group: ops, dev");
        assertRefused(identity("root", List.of("cpm_ops"), null), "Root signs in with its password only");
        assertRefused(identity("dave", List.of("cpm_ops"), null), "A local user named 'dave' exists");
        assertRefused(identity("x", List.of("cpm_ops"), "max_acounts=1"), "max_acounts");
        assertRefused(identity("x", List.of("cpm_ops"), "max_accounts=many"), "max_accounts is 'many'");
        service.updateGroup(root, ops, new UserGroupDraft(null, false, null, null, null, null, null));
        assertRefused(identity("x", List.of("cpm_ops"), null), "'ops', which is disabled");

        assertThat(users.byUsername("x")).as("no user was made").isEmpty();
        assertThat(failures).hasSize(7).allMatch(f -> f.channel().equals(IdentityProviderServiceImpl.CHANNEL));
    }

    @Test
    void aDelegateGroupsMemberActsForItsOriginalUserWithTheGroupsPermissionsAndItsOwn() {
        users.createUser(root, new UserDraft("alice", null, TestSignIns.ROOT_PASSWORD.toCharArray(), UserType.INDEPENDENT,
                null));
        assertRefused(identity("bob", List.of("cpm_default_delegates"), null), "names the user it is a delegate of");
        User bob = signIn(identity("bob", List.of("cpm_default_delegates"),
                "original_username=alice;allow_recovery=yes"), null).session().session().user();
        assertThat(bob.type()).isEqualTo(UserType.DELEGATE);
        assertThat(bob.delegation().principal().username()).isEqualTo("alice");
        assertThat(bob.delegation().permissions()).isEqualTo(new DelegatePermissions(true, false, false));
        assertThat(new Caller(bob, "192.0.2.1", "console").user().username()).as("acts in alice's world")
                .isEqualTo("alice");

        assertRefused(identity("bob", List.of("cpm_default_delegates"), "original_username=root"),
                "that cannot change to a delegate of 'root'");
    }

    @Test
    void anAnswerToNoRequestOrToOneUsedBeforeIsRefusedAndManyFailuresFromOneAddressAreThrottled() {
        service.createGroup(root, draft("ops", UserType.MANAGED));
        service.startSignIn(null, "192.0.2.1");
        String used = protocol.lastRequest;
        protocol.next = identity("erin", List.of("cpm_ops"), null);
        service.completeSignIn(Map.of("request", used), "https://haven.test/remote_auth/complete_login/", "192.0.2.1");
        assertThatThrownBy(() -> service.completeSignIn(Map.of("request", used), "x", "192.0.2.1"))
                .isInstanceOf(FederatedSignInException.class).hasMessageContaining("no request");
        assertThatThrownBy(() -> service.completeSignIn(Map.of("request", "forged"), "x", "192.0.2.1"))
                .isInstanceOf(FederatedSignInException.class);

        service.startSignIn(null, "192.0.2.1");
        String late = protocol.lastRequest;
        clock.advance(IdentityProviderServiceImpl.REQUEST_LIFETIME.plusSeconds(1));
        assertThatThrownBy(() -> service.completeSignIn(Map.of("request", late), "x", "192.0.2.1"))
                .as("a request lapses").isInstanceOf(FederatedSignInException.class);

        int tries = 0;
        try {
            while (tries < 200) {
                tries++;
                try {
                    service.completeSignIn(Map.of("request", "forged"), "x", "198.51.100.7");
                } catch (FederatedSignInException expected) {
                    // counted
                }
            }
        } catch (TooManySignInsException throttled) {
            assertThat(tries).as("throttled after the free failures").isLessThanOrEqualTo(10);
        }
        assertThat(tries).isLessThan(200);
    }

    @Test
    void aClientSecretIsStoredEncryptedNeverShownKeptWhenNotGivenAndHandedToTheProtocolInClear() {
        TestProtocol client = new TestProtocol() {
            @Override
            public String name() {
                return "client";
            }

            @Override
            public List<String> requiredSettings() {
                return List.of("havenAddress", "entityId", "clientId", "clientSecret");
            }
        };
        service.addProtocol(client);
        IdentityProviderSettings noSecret = new IdentityProviderSettings(true, "client", "haven.test", "https://idp.test",
                null, null, null, null, "haven", null);
        assertThatThrownBy(() -> service.updateSettings(root, noSecret)).isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("clientSecret");

        IdentityProviderSettings saved = service.updateSettings(root, noSecret.withClientSecret("s3cret-of-haven"));
        assertThat(saved.clientSecret()).isEqualTo(io.haven.api.service.IdentityProviderService.SECRET_KEPT);
        assertThat(service.settings(root).clientSecret()).isEqualTo(io.haven.api.service.IdentityProviderService.SECRET_KEPT);
        assertThat(store.identityProvider().settings().orElseThrow().clientSecret()).as("encrypted in the database")
                .isNotBlank().doesNotContain("s3cret-of-haven");

        service.updateSettings(root, service.settings(root)); // the shown settings, saved back, keep the secret
        service.createGroup(root, draft("ops", UserType.MANAGED));
        service.startSignIn(null, "192.0.2.1");
        client.next = identity("frank", List.of("cpm_ops"), null);
        service.completeSignIn(Map.of("request", client.lastRequest), "https://haven.test/remote_auth/complete_login/",
                "192.0.2.1");
        assertThat(client.seen.clientSecret()).isEqualTo("s3cret-of-haven");
        assertThat(client.seen.toString()).doesNotContain("s3cret");

        service.updateSettings(root, new IdentityProviderSettings(false, "client", null, null, null, null, null, null,
                null, ""));
        assertThat(store.identityProvider().settings().orElseThrow().clientSecret()).as("an empty secret removes it").isNull();
    }

    @Test
    void onlyConsolePathsAreReturnedTo() {
        assertThat(IdentityProviderServiceImpl.consolePath("/console/#/policies")).isEqualTo("/console/#/policies");
        assertThat(IdentityProviderServiceImpl.consolePath("https://evil.example/")).isEqualTo("/console/");
        assertThat(IdentityProviderServiceImpl.consolePath("//evil.example/console/")).isEqualTo("/console/");
        assertThat(IdentityProviderServiceImpl.consolePath("/console/../api")).isEqualTo("/console/");
    }

    private CompletedSignIn signIn(FederatedIdentity identity, String returnTo) {
        service.startSignIn(returnTo, "192.0.2.1");
        protocol.next = identity;
        return service.completeSignIn(Map.of("request", protocol.lastRequest), "https://haven.test/remote_auth/complete_login/",
                "192.0.2.1");
    }

    private void assertRefused(FederatedIdentity identity, String reason) {
        assertThatThrownBy(() -> signIn(identity, null)).isInstanceOf(FederatedSignInException.class)
                .hasMessageContaining(reason);
    }

    private static FederatedIdentity identity(String nameId, List<String> groups, String permissions) {
        return new FederatedIdentity(nameId, "session-1", permissions == null
                ? Map.of(UserClaims.GROUPS, groups)
                : Map.of(UserClaims.GROUPS, groups, UserClaims.PERMISSIONS, List.of(permissions)));
    }

    private static UserGroupDraft draft(String name, UserType type) {
        return new UserGroupDraft(name, null, type, null, null, null, null);
    }

    private static IdentityProviderSettings settings(boolean enabled) {
        return new IdentityProviderSettings(enabled, "test", "haven.test:8443", "https://idp.test/metadata",
                "https://idp.test/sso", null, IdentityProviderRules.UNSPECIFIED, CERTIFICATE.strip());
    }

    private static IdentityProviderSettings with(IdentityProviderSettings s, String signInUrl, String certificate) {
        return new IdentityProviderSettings(s.enabled(), s.protocol(), s.havenAddress(), s.entityId(), signInUrl,
                s.signOutUrl(), s.nameIdFormat(), certificate);
    }

    /** Proves whatever identity the test set, for the request named in the form's {@code request} field. */
    private static class TestProtocol implements IdentityProtocol {
        private final AtomicInteger requests = new AtomicInteger();
        private String lastRequest;
        private FederatedIdentity next;
        private IdentityProviderSettings seen;

        @Override
        public String name() {
            return "test";
        }

        @Override
        public String serviceProviderMetadata(IdentityProviderSettings settings) {
            return "<metadata entityID='" + settings.serviceProviderEntityId() + "'/>";
        }

        @Override
        public SignInRequest signInRequest(IdentityProviderSettings settings, String relayState) {
            lastRequest = "request-" + requests.incrementAndGet();
            return new SignInRequest(settings.signInUrl() + "?request=" + lastRequest, lastRequest);
        }

        @Override
        public FederatedIdentity completeSignIn(IdentityProviderSettings settings, Map<String, String> form,
                                                String requestUrl, Predicate<String> expectedRequest) {
            seen = settings;
            if (!expectedRequest.test(form.get("request"))) {
                throw new FederatedSignInException("The answer is to no request Haven made, or to one answered before");
            }
            return next;
        }

        @Override
        public Optional<String> signOutRequest(IdentityProviderSettings settings, FederatedIdentity identity,
                                               String relayState) {
            return Optional.empty();
        }

        @Override
        public List<Finding> check(IdentityProviderSettings settings) {
            return List.of();
        }
    }
}
