package io.haven.shell.notify;

import io.haven.api.model.Caller;
import io.haven.api.service.NotifierService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Removes one of the signed-in user's notifiers. */
@Service
@Command(scope = "haven", name = "notifier-remove", description = "Removes one of your notifiers and its deliveries")
public class NotifierRemoveCommand extends HavenCommand {

    @Reference
    NotifierService notifiers;

    @Reference
    UserService users;

    @Argument(index = 0, name = "id", required = true, description = "The notifier's id (haven:notifier-list)")
    long id;

    @Override
    protected Object run() {
        notifiers.delete(ShellUser.caller(users), id);
        System.out.println("Notifier " + id + " removed");
        return null;
    }
}
