package io.haven.shell.schedule;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Schedule;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.service.ScheduleService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.service.cm.ConfigurationAdmin;

@Service
@Command(scope = "haven", name = "schedule-list", description = "Lists the schedules, with times in the server's zone")
public class ScheduleListCommand extends HavenCommand {

    @Reference
    ScheduleService schedules;

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Override
    protected Object run() {
        Times times = new Times(ServerZone.of(configAdmin));
        ShellTable table = new ShellTable().emptyTableText("No schedules yet; add one with haven:schedule-add");
        table.column("ID").alignRight();
        table.column("Name");
        table.column("Every");
        table.column("Start");
        table.column("End");
        table.column("Weekdays");
        table.column("Disabled times");
        table.column("Next run");
        table.column("Description").maxSize(40);
        for (Schedule s : schedules.list(ShellUser.caller(users))) {
            ScheduleSpec spec = s.spec();
            String windows = spec.disabledWindows().stream().map(ScheduleText::formatWindow)
                    .collect(Collectors.joining(", "));
            table.addRow().addContent(s.id(), spec.name(), ScheduleText.formatEvery(spec.every(), spec.unit()),
                    times.format(spec.start()), spec.end() == null ? "never" : times.format(spec.end()),
                    ScheduleText.formatWeekdays(spec.weekdays()), windows,
                    s.nextRun() == null ? "never" : times.format(s.nextRun()),
                    spec.description() == null ? "" : spec.description());
        }
        table.print(System.out);
        return null;
    }
}
