package io.haven.shell.schedule;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Schedule;
import io.haven.api.service.ScheduleService;
import io.haven.shell.HavenCommand;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "haven", name = "schedule-delete", description = "Deletes a schedule that no policy uses")
public class ScheduleDeleteCommand extends HavenCommand {

    @Reference
    ScheduleService schedules;

    @Reference
    UserService users;

    @Argument(index = 0, name = "schedule", description = "The schedule's id or name", required = true)
    @Completion(ScheduleCompleter.class)
    String schedule;

    @Override
    protected Object run() {
        Schedule found = schedules.find(ShellUser.caller(users), schedule);
        schedules.delete(ShellUser.caller(users), found.id());
        System.out.println("Deleted schedule " + found.id() + " (" + found.spec().name() + ")");
        return null;
    }
}
