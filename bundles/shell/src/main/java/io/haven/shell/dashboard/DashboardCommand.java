package io.haven.shell.dashboard;

import io.haven.api.model.BackupStatus;
import io.haven.api.model.Dashboard;
import io.haven.api.service.DashboardService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.service.cm.ConfigurationAdmin;

/** The caller's world at a glance, as core puts it together (the console's dashboard). */
@Service
@Command(scope = "haven", name = "dashboard", description = "Shows what is protected, the last day's backups, open alerts, "
        + "what runs and which policies' recovery points are at risk")
public class DashboardCommand extends HavenCommand {

    @Reference
    DashboardService dashboards;

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Override
    protected Object run() {
        Times times = new Times(ServerZone.of(configAdmin));
        Dashboard d = dashboards.dashboard(ShellUser.caller(users));
        long protectedTotal = d.protectedResources().stream().mapToLong(Dashboard.ProtectedCount::resources).sum();
        System.out.println("Protected resources: " + protectedTotal);
        d.protectedResources().forEach(c -> System.out.println("  " + c.typeId() + " in " + c.accountName() + ": " + c.resources()));
        StringBuilder day = new StringBuilder("Backups in the last 24 h:");
        for (BackupStatus status : BackupStatus.values()) {
            day.append(' ').append(status.name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                    .append(d.lastDay().getOrDefault(status, 0L));
        }
        System.out.println(day);
        System.out.println("Open alerts: " + d.openAlerts());
        System.out.println("Running: " + d.running().size() + " backups, " + d.recovering().size() + " recoveries");
        System.out.println("DR in progress: " + d.inDr().size() + " backups");
        if (d.atRisk().isEmpty()) {
            System.out.println("Recovery points at risk: none");
            return null;
        }
        System.out.println("Recovery points at risk:");
        ShellTable table = new ShellTable();
        table.column("Policy");
        table.column("Resources").alignRight();
        table.column("Last good backup");
        table.column("Missed run");
        d.atRisk().forEach(r -> table.addRow().addContent(r.policyName(), r.targets(),
                r.lastGoodBackup() == null ? "never" : times.format(r.lastGoodBackup()), times.format(r.missedRun())));
        table.print(System.out);
        return null;
    }
}
