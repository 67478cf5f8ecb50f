package io.haven.shell.user;

import io.haven.api.model.Delegate;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** The delegates of a user: yourself or a user you manage. */
@Service
@Command(scope = "haven", name = "delegate-list", description = "Lists the delegates of a user and what they may change")
public class DelegateListCommand extends HavenCommand {

    @Reference
    UserService users;

    @Argument(index = 0, name = "user", required = true, description = "The user's id")
    long userId;

    @Override
    protected Object run() {
        ShellTable table = new ShellTable().emptyTableText("No delegates");
        table.column("ID").alignRight();
        table.column("Name");
        table.column("Email");
        table.column("May");
        for (Delegate d : users.delegates(ShellUser.caller(users), userId)) {
            table.addRow().addContent(d.id(), d.username(), d.email() == null ? "" : d.email(),
                    DelegatePermissionCommand.describe(d.permissions()));
        }
        table.print(System.out);
        return null;
    }
}
