package io.haven.shell.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeSession;
import io.haven.shell.testing.FakeUsers;
import io.haven.shell.testing.Table;
import java.security.PrivilegedExceptionAction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.action.Action;
import org.junit.jupiter.api.Test;

class UserCommandsTest {

    private final FakeUsers users = new FakeUsers();

    @Test
    void aKeyIsCreatedForTheSignedInUserAndShownOnce() throws Exception {
        ApiKeyCreateCommand create = new ApiKeyCreateCommand();
        create.users = users;
        create.name = "ci";
        create.expires = "2026-12-31T00:00Z";

        Console.Run run = asRoot(create);

        assertThat(run.out()).contains("hvn_shown-once-1").contains("'ci'");
        assertThat(users.keys).singleElement()
                .satisfies(key -> assertThat(key.expires()).isEqualTo(Instant.parse("2026-12-31T00:00:00Z")));
    }

    @Test
    void aReadOnlyKeyIsAskedForOnlyWithTheOptionAndCoreDecidesOtherwise() throws Exception {
        ApiKeyCreateCommand readOnly = new ApiKeyCreateCommand();
        readOnly.users = users;
        readOnly.name = "dashboards";
        readOnly.readOnly = true;
        ApiKeyCreateCommand plain = new ApiKeyCreateCommand();
        plain.users = users;
        plain.name = "ci";

        assertThat(asRoot(readOnly).out()).contains("'dashboards', read-only");
        asRoot(plain);

        assertThat(users.keyDrafts).extracting(d -> d.name() + "/" + d.readOnly())
                .containsExactly("dashboards/true", "ci/null");
        ApiKeyListCommand list = new ApiKeyListCommand();
        list.users = users;
        assertThat(Table.rows(asRoot(list).out())).extracting(row -> row.get("Rights")).containsExactly("read-only", "all");
    }

    @Test
    void theListShowsNoKeyValues() throws Exception {
        users.createApiKey(1, "ci", null);
        ApiKeyListCommand list = new ApiKeyListCommand();
        list.users = users;

        Console.Run run = asRoot(list);

        List<Map<String, String>> rows = Table.rows(run.out());
        assertThat(rows).singleElement().satisfies(row -> assertThat(row).containsEntry("Name", "ci")
                .containsEntry("Expires", "never").containsEntry("Last used", "never"));
        assertThat(run.out()).doesNotContain("hvn_");
    }

    @Test
    void aRevokedKeyIsGoneAndAnUnknownOneIsOneErrorLine() throws Exception {
        users.createApiKey(1, "ci", null);
        ApiKeyRevokeCommand revoke = new ApiKeyRevokeCommand();
        revoke.users = users;
        revoke.id = 1;

        assertThat(asRoot(revoke).out()).contains("revoked");
        assertThat(users.keys).isEmpty();
        Console.Run again = asRoot(revoke);
        assertThat(again.err().strip()).startsWith("Error:").doesNotContain("\n");
    }

    @Test
    void withoutASignedInUserTheCommandsSaySo() throws Exception {
        ApiKeyListCommand list = new ApiKeyListCommand();
        list.users = users;

        Console.Run run = Console.execute(list);

        assertThat(run.err()).startsWith("Error: This shell session has no signed-in user; sign in with bin/client -u root");
    }

    @Test
    void thePasswordIsAskedForMaskedAndChanged() throws Exception {
        FakeSession session = FakeSession.withAnswers(users.password, "a new long passphrase", "a new long passphrase");
        PasswordCommand command = new PasswordCommand();
        command.users = users;
        command.session = session.session();

        Console.Run run = asRoot(command);

        assertThat(run.out()).contains("Password changed");
        assertThat(users.password).isEqualTo("a new long passphrase");
        assertThat(session.prompts()).hasSize(3).allSatisfy(prompt -> assertThat(prompt.mask()).isEqualTo('*'));
    }

    @Test
    void twoDifferentNewPasswordsChangeNothing() throws Exception {
        String before = users.password;
        PasswordCommand command = new PasswordCommand();
        command.users = users;
        command.session = FakeSession.withAnswers(before, "a new long passphrase", "another long passphrase").session();

        Console.Run run = asRoot(command);

        assertThat(run.err()).startsWith("Error: newPassword: The two new passwords differ");
        assertThat(users.password).isEqualTo(before);
    }

    /** Runs the command as Karaf runs it for a user signed in through the JAAS realm. */
    @SuppressWarnings("removal")
    @Test
    void theSecondFactorIsStartedShownOnceConfirmedAndTurnedOffWithACode() throws Exception {
        assertThat(asRoot(secondFactor("status", null)).out()).contains("Second factor: OFF");
        Console.Run started = asRoot(secondFactor("start", null));
        assertThat(started.out()).contains("secret: JBSWY3DPEHPK3PXP").contains("URI:    otpauth://totp/");

        Console.Run wrong = asRoot(secondFactor("confirm", "000000"));
        assertThat(wrong.err().strip()).startsWith("Error:").contains("code");
        Console.Run missing = asRoot(secondFactor("confirm", null));
        assertThat(missing.err()).contains("Give the current code");
        assertThat(users.secondFactor).isEqualTo(io.haven.api.model.SecondFactorState.PENDING);

        assertThat(asRoot(secondFactor("confirm", "123456")).out()).contains("Second factor on");
        assertThat(asRoot(secondFactor("off", "123456")).out()).contains("Second factor off");
        assertThat(asRoot(secondFactor("sideways", null)).err()).contains("Unknown action 'sideways'");
    }

    @Test
    void aManagerTurnsOffAUsersSecondFactor() throws Exception {
        UserResetSecondFactorCommand reset = new UserResetSecondFactorCommand();
        reset.users = users;
        reset.id = 1;
        assertThat(asRoot(reset).out()).contains("Second factor of user 1 off");
        assertThat(users.resetSecondFactors).containsExactly(1L);
    }

    private SecondFactorCommand secondFactor(String action, String code) {
        SecondFactorCommand command = new SecondFactorCommand();
        command.users = users;
        command.action = action;
        command.code = code;
        return command;
    }

    private static Console.Run asRoot(Action command) throws Exception {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("root"));
        return Subject.doAs(subject, (PrivilegedExceptionAction<Console.Run>) () -> Console.execute(command));
    }

    @Test
    void withoutATerminalThePasswordsAreReadFromTheInput() throws Exception {
        PasswordCommand command = new PasswordCommand();
        command.users = users;
        command.session = headlessSession();
        java.io.InputStream original = System.in;
        System.setIn(new java.io.ByteArrayInputStream((users.password + "\nfrom standard input\nfrom standard input\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            assertThat(asRoot(command).out()).contains("Password changed");
        } finally {
            System.setIn(original);
        }
        assertThat(users.password).isEqualTo("from standard input");
    }

    /** Like Karaf's session of an SSH exec channel: no terminal, readLine unsupported. */
    private static org.apache.karaf.shell.api.console.Session headlessSession() {
        return (org.apache.karaf.shell.api.console.Session) java.lang.reflect.Proxy.newProxyInstance(
                UserCommandsTest.class.getClassLoader(), new Class<?>[] {org.apache.karaf.shell.api.console.Session.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
