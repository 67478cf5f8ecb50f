package io.haven.shell.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.ResourceLimits;
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

    @Test
    void addTakesResourceLimitsAndListAndShowShowThem() throws Exception {
        UserAddCommand add = new UserAddCommand();
        add.users = users;
        add.session = FakeSession.withAnswers("a long passphrase 1", "a long passphrase 1").session();
        add.name = "acme";
        add.type = UserType.INDEPENDENT;
        add.maxInstances = "2";
        add.maxEbsGiB = "1500";

        Console.Run run = Console.execute(add);

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("User 2 (acme, INDEPENDENT) created; limits: instances 2, EBS 1500 GiB");
        assertThat(users.profiles.get(1).limits()).isEqualTo(new ResourceLimits(null, 2L, 1500L, null, null, null));

        UserListCommand list = new UserListCommand();
        list.users = users;
        assertThat(Table.rows(Console.execute(list).out())).extracting(r -> r.get("Name") + "=" + r.get("Limits"))
                .containsExactly("root=none", "acme=instances 2, EBS 1500 GiB");

        UserShowCommand show = new UserShowCommand();
        show.users = users;
        show.id = 2L;
        assertThat(Console.execute(show).out()).contains("User 2 (acme, INDEPENDENT)")
                .contains("Max instances:         2").contains("Max non-instance EBS:  1500 GiB")
                .contains("Max accounts:          none");
        UserShowCommand me = new UserShowCommand();
        me.users = users;
        assertThat(Console.execute(me).out()).contains("User 1 (root, ROOT)");
    }

    @Test
    void updateChangesOnlyTheLimitsGivenAndNoneRemovesOne() throws Exception {
        users.createUser(null, new io.haven.api.model.UserDraft("acme", null, new char[0], UserType.INDEPENDENT, null,
                new ResourceLimits(1L, 2L, null, null, null, 40L)));
        UserUpdateCommand update = new UserUpdateCommand();
        update.users = users;
        update.id = 2;
        update.maxInstances = "none";
        update.maxRdsGiB = "300";

        Console.Run run = Console.execute(update);

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("User 2 (acme, INDEPENDENT) changed; limits: accounts 1, RDS 300 GiB, DynamoDB 40 GiB");
        assertThat(users.profiles.get(1).limits()).isEqualTo(new ResourceLimits(1L, null, null, 300L, null, 40L));

        UserUpdateCommand email = new UserUpdateCommand();
        email.users = users;
        email.id = 2;
        email.email = "ops@acme.example";
        Console.execute(email);
        assertThat(users.profiles.get(1).limits()).isEqualTo(new ResourceLimits(1L, null, null, 300L, null, 40L));
    }

    @Test
    void aLimitThatIsNotANumberIsRefusedNamingTheOptionBeforeAnyPasswordIsAskedFor() throws Exception {
        UserAddCommand add = new UserAddCommand();
        add.users = users;
        FakeSession session = FakeSession.withAnswers("a long passphrase 1", "a long passphrase 1");
        add.session = session.session();
        add.name = "acme";
        add.maxEbsGiB = "lots";

        Console.Run run = Console.execute(add);

        assertThat(run.err()).contains("Error: max-ebs-gib: Give a whole number, or none for no limit, not 'lots'");
        assertThat(session.prompts()).isEmpty();
        assertThat(users.profiles).hasSize(1);
    }
}
