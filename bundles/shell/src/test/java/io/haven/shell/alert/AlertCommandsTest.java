package io.haven.shell.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeAlerts;
import io.haven.shell.testing.FakeUsers;
import io.haven.shell.testing.Table;
import java.security.PrivilegedExceptionAction;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.action.Action;
import org.junit.jupiter.api.Test;

/** haven:alert-list, alert-ack, alert-delete and alerts-key (guide 15.1-15.2). */
class AlertCommandsTest {

    private final FakeUsers users = new FakeUsers();
    private final FakeAlerts alerts = new FakeAlerts();

    @Test
    void theListShowsCategorySeverityAndState() throws Exception {
        AlertListCommand list = new AlertListCommand();
        list.alerts = alerts;

        var rows = Table.rows(Console.execute(list).out());

        assertThat(rows).first().satisfies(row -> assertThat(row).containsEntry("Id", "2")
                .containsEntry("Category", "Backup").containsEntry("Severity", "error").containsEntry("State", "current")
                .containsEntry("Policy", "daily"));
    }

    @Test
    void anAlertIsAcknowledgedAndDeletedAsTheSignedInUser() throws Exception {
        AlertAckCommand ack = new AlertAckCommand();
        ack.alerts = alerts;
        ack.users = users;
        ack.id = 2;
        assertThat(asRoot(ack).out()).contains("Alert 2 acknowledged");
        assertThat(alerts.alerts.get(0).acknowledged()).isEqualTo(FakeAlerts.NOW);
        assertThat(alerts.callers).last().satisfies(caller -> {
            assertThat(caller.user().username()).isEqualTo("root");
            assertThat(caller.channel()).isEqualTo("shell");
        });

        AlertDeleteCommand delete = new AlertDeleteCommand();
        delete.alerts = alerts;
        delete.users = users;
        delete.id = 2;
        assertThat(asRoot(delete).out()).contains("Alert 2 deleted");
        assertThat(alerts.alerts).hasSize(1);
        Console.Run again = asRoot(delete);
        assertThat(again.err().strip()).startsWith("Error:").contains("Alert 2 does not exist").doesNotContain("\n");
    }

    @Test
    void theAlertsKeyIsShownOnceWhenMadeAndRemoved() throws Exception {
        AlertsKeyCommand key = new AlertsKeyCommand();
        key.alerts = alerts;
        key.users = users;
        assertThat(asRoot(key).out()).contains("No alerts key");
        key.renew = true;
        assertThat(asRoot(key).out()).contains(FakeAlerts.KEY);
        key.renew = false;
        assertThat(asRoot(key).out()).contains("Alerts key set").doesNotContain(FakeAlerts.KEY);
        key.remove = true;
        assertThat(asRoot(key).out()).contains("removed");
        assertThat(alerts.keySet).isFalse();
    }

    @SuppressWarnings("removal")
    private static Console.Run asRoot(Action command) throws Exception {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("root"));
        return Subject.doAs(subject, (PrivilegedExceptionAction<Console.Run>) () -> Console.execute(command));
    }
}
