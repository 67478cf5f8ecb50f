package io.haven.shell.schedule;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.DisabledWindow;
import io.haven.api.model.Schedule;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.service.ScheduleService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Adds a schedule (guide 4.1). Every run time derives from the start: a daily backup at 10:00 is
 * {@code --every 1 --unit days --start 10:00}; hourly at 17 past is {@code --unit hours --start 09:17}.
 */
@Service
@Command(scope = "haven", name = "schedule-add", description = "Adds a schedule: when backups run")
public class ScheduleAddCommand extends HavenCommand {

    @Reference
    ScheduleService schedules;

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Argument(index = 0, name = "name", description = "A unique name for the schedule", required = true)
    String name;

    @Option(name = "--every", description = "Repeat every this many units")
    int every = 1;

    @Option(name = "--unit", description = "minutes, hours, days, weeks or months")
    @Completion(value = StringsCompleter.class, values = {"minutes", "hours", "days", "weeks", "months"})
    String unit;

    @Option(name = "--start", description = "First run, in the server's zone: 2026-05-01T10:00, 2026-05-01 or 10:00 "
            + "(today); default now. Weekly and monthly runs fall on the start's weekday and day of month")
    String start;

    @Option(name = "--end", description = "No runs after this time (same forms as --start); default never")
    String end;

    @Option(name = "--weekdays", description = "Only on these days, e.g. MON,TUE,WED (minutes, hours and days only)")
    String weekdays;

    @Option(name = "--disable", multiValued = true, description = "A time when no backup starts, repeatable: "
            + "\"SAT 22:00-02:00\" (may cross midnight), \"* 18:00-06:00\" for every day")
    List<String> disable;

    @Option(name = "--description", description = "What the schedule is for")
    String description;

    /** Only tests replace it, to fix "now" and "today". */
    Clock clock = Clock.systemUTC();

    @Override
    protected Object run() {
        Times times = new Times(ServerZone.of(configAdmin));
        Instant first = start == null ? Instant.now(clock).truncatedTo(ChronoUnit.MINUTES)
                : times.parse("start", start, clock);
        Instant last = end == null ? null : times.parse("end", end, clock);
        List<DisabledWindow> windows = new ArrayList<>();
        if (disable != null) {
            disable.forEach(text -> windows.add(ScheduleText.parseWindow(text)));
        }
        Schedule added = schedules.create(ShellUser.caller(users), new ScheduleSpec(name, description, every, ScheduleText.parseUnit(unit), first,
                last, ScheduleText.parseWeekdays(weekdays), windows));
        System.out.println("Added schedule " + added.id() + " (" + added.spec().name() + "), next run "
                + (added.nextRun() == null ? "never" : times.format(added.nextRun())));
        return null;
    }
}
