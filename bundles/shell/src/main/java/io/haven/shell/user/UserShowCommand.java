package io.haven.shell.user;

import io.haven.api.model.UserProfile;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** One user's profile with its resource limits (guide 16.2): yours, or one you manage. */
@Service
@Command(scope = "haven", name = "user-show", description = "Shows your profile, or that of a user you manage, with "
        + "its resource limits")
public class UserShowCommand extends HavenCommand {

    @Reference
    UserService users;

    @Argument(index = 0, name = "id", description = "The user's id (default: you)")
    Long id;

    @Override
    protected Object run() {
        var caller = ShellUser.caller(users);
        UserProfile u = users.user(caller, id == null ? caller.user().id() : id);
        System.out.println("User " + u.id() + " (" + u.username() + ", " + u.type() + ")");
        if (u.managerId() != null) {
            System.out.println("Manager:  " + u.managerId());
        }
        if (u.email() != null) {
            System.out.println("Email:    " + u.email());
        }
        var l = u.limits();
        System.out.println("Resource limits (none: no limit):");
        System.out.println("  Max accounts:          " + text(l.maxAccounts(), ""));
        System.out.println("  Max instances:         " + text(l.maxInstances(), ""));
        System.out.println("  Max non-instance EBS:  " + text(l.maxEbsGiB(), " GiB"));
        System.out.println("  Max RDS:               " + text(l.maxRdsGiB(), " GiB"));
        System.out.println("  Max Redshift clusters: " + text(l.maxRedshiftClusters(), ""));
        System.out.println("  Max DynamoDB:          " + text(l.maxDynamoDbGiB(), " GiB"));
        return null;
    }

    private static String text(Long value, String unit) {
        return value == null ? LimitOptionsCommand.NONE : value + unit;
    }
}
