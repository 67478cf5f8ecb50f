package io.haven.shell.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.ApiKey;
import io.haven.api.model.ApiKeySignIn;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.shell.testing.FakeUsers;
import java.security.Principal;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.jupiter.api.Test;

class HavenLoginModuleTest {

    private final FakeUsers users = new FakeUsers();

    @Test
    void rootSignsInWithKarafsAdministratorRolesAndTheSshClientsAddress() throws Exception {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("ssh", "/127.0.0.1:53412"));
        HavenLoginModule module = module(subject, "root", users.password);

        assertThat(module.login()).isTrue();
        assertThat(module.commit()).isTrue();

        assertThat(subject.getPrincipals(UserPrincipal.class)).extracting(Principal::getName).containsExactly("root");
        assertThat(subject.getPrincipals(RolePrincipal.class)).extracting(Principal::getName)
                .containsExactlyInAnyOrder("admin", "manager", "viewer", "systembundles", "ssh");
        assertThat(users.signIns).containsExactly("root@127.0.0.1 via shell");

        module.logout();
        assertThat(subject.getPrincipals(RolePrincipal.class)).isEmpty();
    }

    @Test
    void anApiKeySignsInWithItsRightsAndARootKeyThatIsReadOnlyGetsNoAdministratorRoles() throws Exception {
        ApiKey readOnly = new ApiKey(7, "ro", FakeUsers.NOW, null, null, true);
        users.apiKeySignIns.put("hvn_read-only", new ApiKeySignIn(FakeUsers.ROOT, readOnly));
        Subject subject = new Subject();
        HavenLoginModule module = module(subject, "root", "hvn_read-only");

        assertThat(module.login()).isTrue();
        assertThat(module.commit()).isTrue();

        assertThat(subject.getPrincipals(UserPrincipal.class)).extracting(Principal::getName).containsExactly("root");
        assertThat(subject.getPrincipals(ApiKeyPrincipal.class)).containsExactly(new ApiKeyPrincipal(7));
        assertThat(subject.getPrincipals(RolePrincipal.class)).extracting(Principal::getName).doesNotContain("admin")
                .contains("ssh");
        assertThat(users.signIns).as("no password was tried").isEmpty();
    }

    @Test
    void anotherUsersKeyDoesNotSignIn() {
        users.apiKeySignIns.put("hvn_bobs", new ApiKeySignIn(new User(2, "bob", UserType.INDEPENDENT, null),
                new ApiKey(8, "k", FakeUsers.NOW, null, null)));
        HavenLoginModule module = module(new Subject(), "root", "hvn_bobs");
        assertThatThrownBy(module::login).isInstanceOf(FailedLoginException.class);
        assertThat(module.commit()).isFalse();
    }

    @Test
    void aWrongPasswordFailsTheLogin() {
        HavenLoginModule module = module(new Subject(), "root", "wrong");
        assertThatThrownBy(module::login).isInstanceOf(FailedLoginException.class);
        assertThat(module.commit()).isFalse();
    }

    @Test
    void aThrottledSignInFailsSayingWhenToTryAgain() {
        users.throttledSeconds = 30L;
        HavenLoginModule module = module(new Subject(), "root", users.password);
        assertThatThrownBy(module::login).isInstanceOf(FailedLoginException.class).hasMessageContaining("30 s");
    }

    @Test
    void aUserWithASecondFactorIsToldToTypeTheCodeAfterThePassword() {
        users.secondFactor = io.haven.api.model.SecondFactorState.ON;
        HavenLoginModule module = module(new Subject(), "root", users.password);
        assertThatThrownBy(module::login).isInstanceOf(FailedLoginException.class)
                .hasMessageContaining("type the current code of the authenticator app right after the password");
    }

    @Test
    void addressesAreReadFromKarafsClientPrincipal() {
        assertThat(HavenLoginModule.hostOf("/192.0.2.7:22")).isEqualTo("192.0.2.7");
        assertThat(HavenLoginModule.hostOf("localhost/127.0.0.1:22")).isEqualTo("127.0.0.1");
        assertThat(HavenLoginModule.hostOf("/[0:0:0:0:0:0:0:1]:22")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(HavenLoginModule.clientAddress(new Subject())).isEqualTo("unknown");
    }

    private HavenLoginModule module(Subject subject, String name, String password) {
        HavenLoginModule module = new HavenLoginModule();
        module.initialize(subject, callbacks -> {
            ((NameCallback) callbacks[0]).setName(name);
            ((PasswordCallback) callbacks[1]).setPassword(password.toCharArray());
        }, Map.of(), Map.of(HavenLoginModule.USER_SERVICE_OPTION, users));
        return module;
    }
}
