package io.haven.shell.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.DisabledWindow;
import io.haven.api.model.Frequency;
import io.haven.api.model.ScheduleSpec;
import io.haven.shell.testing.Completions;
import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeConfigAdmin;
import io.haven.shell.testing.FakeSchedules;
import io.haven.shell.testing.Table;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Schedules in the shell (guide 4.1); the server's zone here is Europe/Berlin, two hours ahead of UTC in May. */
class ScheduleCommandsTest {

    private static final String NL = System.lineSeparator();
    private static final Clock MAY_FIRST_0905_BERLIN = Clock.fixed(Instant.parse("2026-05-01T07:05:42Z"), ZoneId.of("UTC"));

    private final FakeSchedules schedules = new FakeSchedules();

    @Test
    void addReadsEveryPartOfASchedule() throws Exception {
        schedules.nextRun = Instant.parse("2026-05-04T08:00:00Z");
        ScheduleAddCommand add = add("office-hours");
        add.every = 2;
        add.unit = "Hours";
        add.start = "2026-05-01 10:00";
        add.end = "2026-12-31T23:00";
        add.weekdays = "MON,tue,Friday";
        add.disable = List.of("SAT 22:00-02:00", "* 18:00-6:00");
        add.description = "work days";

        Console.Run run = Console.execute(add);

        assertThat(run.err()).isEmpty();
        assertThat(schedules.lastSpec).isEqualTo(new ScheduleSpec("office-hours", "work days", 2, Frequency.HOURS,
                Instant.parse("2026-05-01T08:00:00Z"), Instant.parse("2026-12-31T22:00:00Z"),
                Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.FRIDAY),
                List.of(new DisabledWindow(DayOfWeek.SATURDAY, LocalTime.of(22, 0), LocalTime.of(2, 0)),
                        new DisabledWindow(null, LocalTime.of(18, 0), LocalTime.of(6, 0)))));
        assertThat(run.out()).isEqualTo("Added schedule 1 (office-hours), next run 2026-05-04 10:00:00" + NL);
    }

    @Test
    void theStartDefaultsToNowAndEveryToOne() throws Exception {
        ScheduleAddCommand add = add("daily");
        add.unit = "days";
        Console.execute(add);
        assertThat(schedules.lastSpec.start()).isEqualTo("2026-05-01T07:05:00Z");
        assertThat(schedules.lastSpec.every()).isEqualTo(1);
        assertThat(schedules.lastSpec.end()).isNull();
        assertThat(schedules.lastSpec.weekdays()).isEmpty();
        assertThat(schedules.lastSpec.disabledWindows()).isEmpty();
    }

    @Test
    void aStartTimeAloneMeansTodayAtThatTime() throws Exception {
        ScheduleAddCommand add = add("hourly");
        add.unit = "hour";
        add.start = "00:17";
        Console.Run run = Console.execute(add);
        assertThat(run.out()).endsWith("next run never" + NL);
        assertThat(schedules.lastSpec.start()).isEqualTo("2026-04-30T22:17:00Z");
    }

    @Test
    void anUnknownUnitIsOneErrorLine() throws Exception {
        ScheduleAddCommand add = add("x");
        add.unit = "fortnights";
        Console.Run run = Console.execute(add);
        assertThat(run.err()).isEqualTo("Error: unit: Choose minutes, hours, days, weeks or months, not 'fortnights'" + NL);
        assertThat(run.out()).isEmpty();
        assertThat(schedules.schedules).isEmpty();
    }

    @Test
    void aMalformedDisabledTimeSaysHowToWriteOne() throws Exception {
        ScheduleAddCommand add = add("x");
        add.unit = "days";
        add.disable = List.of("SAT 22-02");
        Console.Run run = Console.execute(add);
        assertThat(run.err()).isEqualTo("Error: disable: Write a disabled time as DAY HH:MM-HH:MM, for example "
                + "SAT 22:00-02:00, or * 18:00-06:00 for every day, not 'SAT 22-02'" + NL);
        assertThat(schedules.lastSpec).isNull();
    }

    @Test
    void anImpossibleClockTimeOrWeekdayIsNamed() throws Exception {
        ScheduleAddCommand add = add("x");
        add.unit = "days";
        add.disable = List.of("MON 25:00-02:00");
        assertThat(Console.execute(add).err()).isEqualTo("Error: disable: Not a time of day: '25:00' in 'MON 25:00-02:00'" + NL);
        add.disable = null;
        add.weekdays = "MON,FUNDAY";
        assertThat(Console.execute(add).err())
                .isEqualTo("Error: weekdays: Not a weekday: 'FUNDAY'; use MON, TUE, WED, THU, FRI, SAT or SUN" + NL);
    }

    @Test
    void aStartThatIsNoTimeIsOneErrorLine() throws Exception {
        ScheduleAddCommand add = add("x");
        add.unit = "days";
        add.start = "next tuesday";
        assertThat(Console.execute(add).err()).isEqualTo(
                "Error: start: Not a date and time like 2026-05-01T10:00, 2026-05-01 or 10:00: 'next tuesday'" + NL);
    }

    @Test
    void whatTheServiceRefusesIsOneErrorLineNamingTheField() throws Exception {
        ScheduleAddCommand add = add("x");
        add.unit = "days";
        add.every = 0;
        Console.Run run = Console.execute(add);
        assertThat(run.err()).isEqualTo("Error: every: Repeat every 1 to 1000 units, not 0" + NL);
        assertThat(run.result()).isNull();
    }

    @Test
    void listShowsTheScheduleInTheServersZone() throws Exception {
        schedules.nextRun = Instant.parse("2026-05-02T20:00:00Z");
        schedules.add(new ScheduleSpec("nights", "while nobody works", 30, Frequency.MINUTES,
                Instant.parse("2026-05-01T20:00:00Z"), null, Set.of(DayOfWeek.SATURDAY, DayOfWeek.MONDAY),
                List.of(new DisabledWindow(DayOfWeek.SATURDAY, LocalTime.of(22, 0), LocalTime.of(2, 0)),
                        new DisabledWindow(null, LocalTime.of(6, 0), LocalTime.of(18, 0)))));
        schedules.nextRun = null;
        schedules.add(new ScheduleSpec("once-a-week", null, 1, Frequency.WEEKS, Instant.parse("2026-05-01T20:00:00Z"),
                Instant.parse("2026-06-01T00:00:00Z"), Set.of(), List.of()));
        ScheduleListCommand list = new ScheduleListCommand();
        list.schedules = schedules;
        list.configAdmin = FakeConfigAdmin.withTimeZone("Europe/Berlin");

        List<Map<String, String>> rows = Table.rows(Console.execute(list).out());

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("ID", "1").containsEntry("Name", "nights").containsEntry("Every", "30 minutes")
                .containsEntry("Start", "2026-05-01 22:00:00").containsEntry("End", "never")
                .containsEntry("Weekdays", "MON,SAT").containsEntry("Disabled times", "SAT 22:00-02:00, * 06:00-18:00")
                .containsEntry("Next run", "2026-05-02 22:00:00").containsEntry("Description", "while nobody works");
        assertThat(rows.get(1)).containsEntry("Every", "1 week").containsEntry("End", "2026-06-01 02:00:00")
                .containsEntry("Weekdays", "every day").containsEntry("Next run", "never");
    }

    @Test
    void nextShowsTheRequestedNumberOfRunTimesInTheServersZone() throws Exception {
        schedules.add(new ScheduleSpec("daily", null, 1, Frequency.DAYS, Instant.parse("2026-05-01T08:00:00Z"), null,
                Set.of(), List.of()));
        schedules.upcoming.addAll(List.of(Instant.parse("2026-10-24T08:00:00Z"), Instant.parse("2026-10-25T09:00:00Z"),
                Instant.parse("2026-10-26T09:00:00Z")));
        ScheduleNextCommand next = new ScheduleNextCommand();
        next.schedules = schedules;
        next.configAdmin = FakeConfigAdmin.withTimeZone("Europe/Berlin");
        next.schedule = "daily";
        next.count = 2;

        Console.Run run = Console.execute(next);

        assertThat(schedules.lastCount).isEqualTo(2);
        assertThat(Table.rows(run.out())).containsExactly(
                Map.of("#", "1", "Run (Europe/Berlin)", "2026-10-24 10:00:00"),
                Map.of("#", "2", "Run (Europe/Berlin)", "2026-10-25 10:00:00"));
    }

    @Test
    void nextSaysWhenAScheduleNeverRunsAgainAndReportsABadCount() throws Exception {
        schedules.add(new ScheduleSpec("over", null, 1, Frequency.DAYS, Instant.parse("2020-05-01T08:00:00Z"),
                Instant.parse("2020-06-01T08:00:00Z"), Set.of(), List.of()));
        ScheduleNextCommand next = new ScheduleNextCommand();
        next.schedules = schedules;
        next.schedule = "1";
        assertThat(Console.execute(next).out()).contains("It never runs again");
        next.count = 0;
        assertThat(Console.execute(next).err()).isEqualTo("Error: count: Must be between 1 and 100, was 0" + NL);
    }

    @Test
    void deleteTakesANameAndReportsAScheduleInUse() throws Exception {
        schedules.add(new ScheduleSpec("a", null, 1, Frequency.DAYS, Instant.EPOCH, null, Set.of(), List.of()));
        schedules.add(new ScheduleSpec("b", null, 1, Frequency.DAYS, Instant.EPOCH, null, Set.of(), List.of()));
        schedules.inUse.add(2L);
        ScheduleDeleteCommand delete = new ScheduleDeleteCommand();
        delete.schedules = schedules;
        delete.schedule = "a";
        assertThat(Console.execute(delete).out()).isEqualTo("Deleted schedule 1 (a)" + NL);
        delete.schedule = "b";
        assertThat(Console.execute(delete).err()).isEqualTo("Error: Schedule 2 is used by the policies web" + NL);
        delete.schedule = "zzz";
        assertThat(Console.execute(delete).err()).isEqualTo("Error: Schedule zzz does not exist" + NL);
        assertThat(schedules.schedules).containsOnlyKeys(2L);
    }

    @Test
    void theCompleterOffersIdsAndNames() {
        schedules.add(new ScheduleSpec("nightly", null, 1, Frequency.DAYS, Instant.EPOCH, null, Set.of(), List.of()));
        schedules.add(new ScheduleSpec("hourly", null, 1, Frequency.HOURS, Instant.EPOCH, null, Set.of(), List.of()));
        ScheduleCompleter completer = new ScheduleCompleter();
        completer.schedules = schedules;
        assertThat(Completions.of(completer, "")).containsExactlyInAnyOrder("1", "2", "nightly", "hourly");
        assertThat(Completions.of(completer, "n")).containsExactly("nightly");
    }

    private ScheduleAddCommand add(String name) {
        ScheduleAddCommand add = new ScheduleAddCommand();
        add.schedules = schedules;
        add.configAdmin = FakeConfigAdmin.withTimeZone("Europe/Berlin");
        add.clock = MAY_FIRST_0905_BERLIN;
        add.name = name;
        return add;
    }
}
