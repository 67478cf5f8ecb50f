package io.haven.shell.schedule;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Schedule;
import io.haven.api.service.ScheduleService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.service.cm.ConfigurationAdmin;

/** Shows when a schedule fires next, so that a user can check weekdays and disabled times. */
@Service
@Command(scope = "haven", name = "schedule-next", description = "Shows the next run times of a schedule")
public class ScheduleNextCommand extends HavenCommand {

    @Reference
    ScheduleService schedules;

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Argument(index = 0, name = "schedule", description = "The schedule's id or name", required = true)
    @Completion(ScheduleCompleter.class)
    String schedule;

    @Option(name = "--count", description = "How many run times to show")
    int count = 10;

    @Override
    protected Object run() {
        Times times = new Times(ServerZone.of(configAdmin));
        Schedule found = schedules.find(ShellUser.caller(users), schedule);
        List<Instant> runs = schedules.nextRuns(ShellUser.caller(users), found.id(), count);
        ShellTable table = new ShellTable().emptyTableText("It never runs again");
        table.column("#").alignRight();
        table.column("Run (" + times.zone().getId() + ")");
        for (int i = 0; i < runs.size(); i++) {
            table.addRow().addContent(i + 1, times.format(runs.get(i)));
        }
        table.print(System.out);
        return null;
    }
}
