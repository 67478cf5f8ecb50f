package io.haven.shell.user;

import io.haven.api.model.UserDeleted;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Deletes a user and all of its records; its artifacts in AWS stay, and are listed. */
@Service
@Command(scope = "haven", name = "user-delete",
        description = "Deletes a user with all of its records; its snapshots in AWS are left in place and listed")
public class UserDeleteCommand extends HavenCommand {

    @Reference
    UserService users;

    @Argument(index = 0, name = "id", required = true, description = "The user's id")
    long id;

    @Override
    protected Object run() {
        UserDeleted d = users.deleteUser(ShellUser.caller(users), id);
        System.out.println("User " + d.id() + " (" + d.username() + ") deleted with " + d.accounts() + " accounts, "
                + d.schedules() + " schedules, " + d.policies() + " policies, " + d.backups() + " backups, "
                + d.recoveries() + " recoveries and " + d.alerts() + " alerts");
        System.out.println(d.artifactsLeftTotal() + " artifacts were left in AWS" + (d.artifactsLeftTotal() == 0 ? "" : ":"));
        for (UserDeleted.ArtifactLeft a : d.artifactsLeft()) {
            System.out.println("  " + a.kind() + " " + a.awsId() + " in " + a.region() + " of AWS account "
                    + (a.awsAccountId() == null ? "?" : a.awsAccountId()) + " (backup " + a.backupId() + ")");
        }
        if (d.artifactsLeft().size() < d.artifactsLeftTotal()) {
            System.out.println("  ... and " + (d.artifactsLeftTotal() - d.artifactsLeft().size()) + " more (see the log)");
        }
        return null;
    }
}
