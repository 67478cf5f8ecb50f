package io.haven.shell.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.DelegatePermissions;
import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeSession;
import io.haven.shell.testing.FakeUsers;
import io.haven.shell.testing.Table;
import org.junit.jupiter.api.Test;

/** The delegate commands (guide 16.4): adapters only; the rules are core's (DelegatesTest). */
class DelegateCommandsTest {

    private final FakeUsers users = new FakeUsers();

    @Test
    void aDelegateIsAddedViewOnlyUnlessAllowedMoreAndListed() throws Exception {
        DelegateAddCommand add = new DelegateAddCommand();
        add.users = users;
        FakeSession session = FakeSession.withAnswers("a long passphrase 1", "a long passphrase 1");
        add.session = session.session();
        add.userId = 1;
        add.name = "root-ops";
        add.changeBackups = true;

        Console.Run run = Console.execute(add);

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("Delegate 100 (root-ops) of user 1 added: view and backup changes");
        assertThat(session.prompts()).hasSize(2).allSatisfy(p -> assertThat(p.mask()).isEqualTo('*'));
        assertThat(users.delegates.get(0).permissions()).isEqualTo(new DelegatePermissions(false, false, true));

        DelegateListCommand list = new DelegateListCommand();
        list.users = users;
        list.userId = 1;
        assertThat(Table.rows(Console.execute(list).out())).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("Name", "root-ops").containsEntry("May", "view and backup changes"));
    }

    @Test
    void updateSetsExactlyTheGivenPermissionsAndDeleteRemoves() throws Exception {
        users.createDelegate(null, 1, new io.haven.api.model.DelegateDraft("root-ops", null, new char[0],
                new DelegatePermissions(true, true, true)));
        DelegateUpdateCommand update = new DelegateUpdateCommand();
        update.users = users;
        update.id = 100;
        assertThat(Console.execute(update).out()).contains("Delegate 100 (root-ops): view only");
        assertThat(users.delegates.get(0).permissions()).isEqualTo(DelegatePermissions.VIEW_ONLY);

        DelegateResetPasswordCommand reset = new DelegateResetPasswordCommand();
        reset.users = users;
        reset.session = FakeSession.withAnswers("a fresh passphrase", "a fresh passphrase").session();
        reset.id = 100;
        assertThat(Console.execute(reset).out()).contains("Password of delegate 100 set");

        DelegateDeleteCommand delete = new DelegateDeleteCommand();
        delete.users = users;
        delete.id = 100;
        assertThat(Console.execute(delete).out()).contains("Delegate 100 removed");
        assertThat(users.delegates).isEmpty();
        assertThat(Console.execute(delete).err().strip()).startsWith("Error:").doesNotContain("\n");
    }
}
