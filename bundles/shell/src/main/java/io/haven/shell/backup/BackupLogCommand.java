package io.haven.shell.backup;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.LogEntry;
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

@Service
@Command(scope = "haven", name = "backup-log", description = "Shows what happened during a backup, step by step")
public class BackupLogCommand extends HavenCommand {

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
        ShellTable table = new ShellTable().emptyTableText("The log is empty");
        table.column("Time");
        table.column("Level");
        table.column("Message").maxSize(120).wrap();
        for (LogEntry entry : backups.log(ShellUser.caller(users), id)) {
            table.addRow().addContent(times.format(entry.time()), entry.level(), entry.message());
        }
        table.print(System.out);
        return null;
    }
}
