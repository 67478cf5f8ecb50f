package io.haven.shell.alert;

import io.haven.api.model.Caller;
import io.haven.api.service.AlertService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Acknowledges an alert: it stays until cleared or deleted, but leaves the pull API. */
@Service
@Command(scope = "haven", name = "alert-ack", description = "Acknowledges an alert: it stays until cleared or deleted, but leaves the pull API")
public class AlertAckCommand extends HavenCommand {

    @Reference
    AlertService alerts;

    @Reference
    UserService users;

    @Argument(index = 0, name = "id", required = true, description = "The alert's id (haven:alert-list)")
    long id;

    @Override
    protected Object run() {
        Caller caller = ShellUser.caller(users);
        alerts.acknowledge(caller, id);
        System.out.println("Alert " + id + " acknowledged");
        return null;
    }
}
