package io.haven.shell.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.UserType;
import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeSession;
import io.haven.shell.testing.FakeUsers;
import io.haven.shell.testing.Table;
import org.junit.jupiter.api.Test;

class UserManagementCommandsTest {

    private final FakeUsers users = new FakeUsers();

    @Test
    void addAsksForThePasswordTwiceMaskedAndCreatesTheUserForTheSignedInCaller() throws Exception {
        UserAddCommand add = new UserAddCommand();
        add.users = users;
        FakeSession session = FakeSession.withAnswers("a long passphrase 1", "a long passphrase 1");
        add.session = session.session();
        add.name = "acme";
        add.type = UserType.INDEPENDENT;
        add.email = "ops@acme.example";

        Console.Run run = Console.execute(add);

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("User 2 (acme, INDEPENDENT) created");
        assertThat(session.prompts()).hasSize(2).allSatisfy(p -> assertThat(p.mask()).isEqualTo('*'));
        assertThat(users.profiles.get(1).email()).isEqualTo("ops@acme.example");
    }

    @Test
    void differingPasswordsCreateNothing() throws Exception {
        UserAddCommand add = new UserAddCommand();
        add.users = users;
        add.session = FakeSession.withAnswers("a long passphrase 1", "a long passphrase 2").session();
        add.name = "acme";

        Console.Run run = Console.execute(add);

        assertThat(run.err()).contains("Error: password: The two new passwords differ");
        assertThat(users.profiles).hasSize(1);
    }

    @Test
    void listResetAndDeleteShowWhatHappenedAndWhatWasLeftInAws() throws Exception {
        users.createUser(null, new io.haven.api.model.UserDraft("acme", null, new char[0], UserType.INDEPENDENT, null));
        UserListCommand list = new UserListCommand();
        list.users = users;
        assertThat(Table.rows(Console.execute(list).out())).extracting(r -> r.get("Name")).containsExactly("root", "acme");

        UserResetPasswordCommand reset = new UserResetPasswordCommand();
        reset.users = users;
        reset.session = FakeSession.withAnswers("a fresh passphrase", "a fresh passphrase").session();
        reset.id = 2;
        assertThat(Console.execute(reset).out()).contains("Password of user 2 set");
        assertThat(users.resets).containsExactly("acme:a fresh passphrase");

        UserDeleteCommand delete = new UserDeleteCommand();
        delete.users = users;
        delete.id = 2;
        String out = Console.execute(delete).out();
        assertThat(out).contains("User 2 (acme) deleted with 1 accounts, 0 schedules, 1 policies, 2 backups")
                .contains("1 artifacts were left in AWS:")
                .contains("ebs-snapshot snap-1 in us-east-1 of AWS account 123456789012 (backup 5)");
        assertThat(users.profiles).hasSize(1);
    }
}
