package io.haven.shell.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeNotifiers;
import io.haven.shell.testing.FakeUsers;
import io.haven.shell.testing.Table;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.action.Action;
import org.junit.jupiter.api.Test;

/** haven:notifier-add, -list, -test and -remove. */
class NotifierCommandsTest {

    private final FakeUsers users = new FakeUsers();
    private final FakeNotifiers notifiers = new FakeNotifiers();

    @Test
    void aNotifierIsAddedListedWithItsSecretHiddenTestedAndRemoved() throws Exception {
        NotifierAddCommand add = new NotifierAddCommand();
        add.notifiers = notifiers;
        add.users = users;
        add.name = "ops";
        add.type = "webhook";
        add.settings = List.of("url=https://hooks.example/T/B/s3cr3t=x", "format=slack");
        add.summary = true;
        assertThat(asRoot(add).out()).contains("Notifier 1 'ops' (webhook) added");
        assertThat(notifiers.drafts.get(1L).settings()).containsEntry("url", "https://hooks.example/T/B/s3cr3t=x")
                .containsEntry("format", "slack");
        assertThat(notifiers.drafts.get(1L).summary()).isTrue();

        NotifierListCommand list = new NotifierListCommand();
        list.notifiers = notifiers;
        list.users = users;
        Console.Run listed = asRoot(list);
        assertThat(Table.rows(listed.out())).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("Name", "ops").containsEntry("Summary", "yes"));
        assertThat(listed.out()).doesNotContain("s3cr3t");

        NotifierTestCommand test = new NotifierTestCommand();
        test.notifiers = notifiers;
        test.users = users;
        test.id = 1;
        assertThat(asRoot(test).out()).contains("Test notification queued");
        test.deliveries = true;
        assertThat(Table.rows(asRoot(test).out())).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("State", "failed").containsEntry("Last error", "HTTP 403"));

        NotifierRemoveCommand remove = new NotifierRemoveCommand();
        remove.notifiers = notifiers;
        remove.users = users;
        remove.id = 1;
        assertThat(asRoot(remove).out()).contains("removed");
        assertThat(asRoot(remove).err().strip()).startsWith("Error:").doesNotContain("\n");
    }

    @Test
    void aSettingWithoutAValueIsOneErrorLine() throws Exception {
        NotifierAddCommand add = new NotifierAddCommand();
        add.notifiers = notifiers;
        add.users = users;
        add.name = "ops";
        add.type = "webhook";
        add.settings = List.of("url");
        assertThat(asRoot(add).err().strip()).startsWith("Error:").contains("name=value").doesNotContain("\n");
        assertThat(notifiers.drafts).isEmpty();
    }

    @SuppressWarnings("removal")
    private static Console.Run asRoot(Action command) throws Exception {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("root"));
        return Subject.doAs(subject, (PrivilegedExceptionAction<Console.Run>) () -> Console.execute(command));
    }
}
