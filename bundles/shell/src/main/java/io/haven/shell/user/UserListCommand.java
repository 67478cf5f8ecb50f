package io.haven.shell.user;

import io.haven.api.model.UserProfile;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** The users the signed-in user manages (root: every user). */
@Service
@Command(scope = "haven", name = "user-list", description = "Lists the users you manage (root: every user)")
public class UserListCommand extends HavenCommand {

    @Reference
    UserService users;

    @Override
    protected Object run() {
        ShellTable table = new ShellTable();
        table.column("ID").alignRight();
        table.column("Name");
        table.column("Type");
        table.column("Manager");
        table.column("Email");
        table.column("Limits");
        for (UserProfile u : users.users(ShellUser.caller(users))) {
            table.addRow().addContent(u.id(), u.username(), u.type(), u.managerId() == null ? "" : u.managerId(),
                    u.email() == null ? "" : u.email(), LimitOptionsCommand.text(u.limits()));
        }
        table.print(System.out);
        return null;
    }
}
