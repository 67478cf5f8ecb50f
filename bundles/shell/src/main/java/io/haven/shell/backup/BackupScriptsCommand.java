package io.haven.shell.backup;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.ScriptRun;
import io.haven.api.service.BackupService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.service.cm.ConfigurationAdmin;

/** The backup scripts that ran for a backup, with their outcome and, when collected, standard error. */
@Service
@Command(scope = "haven", name = "backup-scripts", description = "Shows the backup scripts that ran for a backup")
public class BackupScriptsCommand extends HavenCommand {

    @Reference
    BackupService backups;

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Argument(index = 0, name = "id", description = "The backup's id", required = true)
    long id;

    @Override
    protected Object run() {
        Times times = new Times(ServerZone.of(configAdmin));
        ShellTable table = new ShellTable().emptyTableText("No backup scripts ran for this backup");
        table.column("Phase");
        table.column("Script");
        table.column("Argument");
        table.column("Outcome");
        table.column("Exit").alignRight();
        table.column("Started");
        table.column("Standard error").maxSize(80).wrap();
        for (ScriptRun run : backups.scripts(ShellUser.caller(users), id)) {
            table.addRow().addContent(run.phase(), text(run.script()), text(run.argument()), run.outcome(),
                    run.exitCode() == null ? "" : run.exitCode(), times.format(run.started()), text(run.stderr()).strip());
        }
        table.print(System.out);
        return null;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
