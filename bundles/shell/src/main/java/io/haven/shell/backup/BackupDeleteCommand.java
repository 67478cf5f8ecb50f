package io.haven.shell.backup;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Backup;
import io.haven.api.service.BackupService;
import io.haven.shell.HavenCommand;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** Deletes a backup's snapshots now, frozen or not, after asking. */
@Service
@Command(scope = "haven", name = "backup-delete", description = "Deletes a backup and its snapshots, frozen or not")
public class BackupDeleteCommand extends HavenCommand {

    @Reference
    BackupService backups;

    @Reference
    UserService users;

    @Reference
    Session session;

    @Argument(index = 0, name = "id", description = "The backup's id", required = true)
    long id;

    @Option(name = "--force", description = "Do not ask first")
    boolean force;

    @Override
    protected Object run() throws Exception {
        Backup backup = backups.get(ShellUser.caller(users), id);
        if (!force) {
            String what = backup.frozen() == null ? "backup " + id : "frozen backup " + id + " ('" + backup.frozen().name() + "')";
            String answer = session.readLine("Delete " + what + " of policy " + backup.policyName()
                    + " and its snapshots? (yes/no) ", null);
            if (answer == null || !answer.trim().equalsIgnoreCase("yes")) {
                System.out.println("Nothing deleted");
                return null;
            }
        }
        Backup deleted = backups.delete(ShellUser.caller(users), id);
        System.out.println(deleted.deleted() != null ? "Deleted backup " + id
                : "Deleted part of backup " + id + "; see backup-log " + id + " for what is left and why");
        return null;
    }
}
