package io.haven.shell.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.AuthMethod;
import io.haven.api.model.Caller;
import io.haven.api.model.TagScanEntry;
import io.haven.api.model.TagScanEntry.Kind;
import io.haven.api.model.TagScanLog;
import io.haven.api.model.TagScanSettings;
import io.haven.api.service.TagScanService;
import io.haven.api.service.ValidationException;
import io.haven.shell.account.AccountScanResourcesCommand;
import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeAccounts;
import io.haven.shell.testing.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** haven:tag-scan, tag-scan-log, tag-scan-settings and account-scan-resources (guide 13) over a stand-in service. */
class TagScanCommandsTest {

    /** Answers one log; keeps the settings; refuses an interval out of range like core. */
    static final class FakeTagScans implements TagScanService {
        TagScanSettings settings = TagScanSettings.DEFAULT;
        final List<String> calls = new ArrayList<>();
        final List<TagScanLog> logs = List.of(new TagScanLog(1, "prod", Instant.parse("2026-03-01T10:00:00Z"),
                Instant.parse("2026-03-01T10:00:05Z"), 2, List.of(
                new TagScanEntry(Kind.ADDED, "ebs-volume", "us-east-1", "vol-1", "web", "web", "Added to policy 'web'"),
                new TagScanEntry(Kind.ERROR, "ebs-volume", "us-east-1", "vol-2", null, "web#", "'web#' has an empty "
                        + "backup option after '#'"))));

        @Override
        public TagScanSettings settings(Caller caller) {
            calls.add("settings");
            return settings;
        }

        @Override
        public TagScanSettings updateSettings(Caller caller, TagScanSettings s) {
            calls.add("update " + s);
            if (s.intervalHours() < 1) {
                throw new ValidationException("intervalHours", "Must be between 1 and 720");
            }
            settings = s;
            return s;
        }

        @Override
        public List<TagScanLog> scanNow(Caller caller) {
            calls.add("scan");
            return logs;
        }

        @Override
        public List<TagScanLog> lastScans(Caller caller) {
            calls.add("last");
            return logs;
        }
    }

    private final FakeTagScans tagScans = new FakeTagScans();

    @Test
    void scanNowPrintsEachAccountsLogWithEveryProblem() throws Exception {
        TagScanCommand scan = new TagScanCommand();
        scan.tagScans = tagScans;

        Console.Run run = Console.execute(scan);

        assertThat(tagScans.calls).containsExactly("scan");
        assertThat(run.out()).contains("Account prod (1)").contains("2 tagged resources, 2 changes or problems");
        List<Map<String, String>> rows = Table.rows(run.out().substring(run.out().indexOf('\n') + 1));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("What", "ADDED").containsEntry("Resource", "vol-1").containsEntry("Policy", "web");
        assertThat(rows.get(1)).containsEntry("What", "ERROR").containsEntry("Resource", "vol-2").containsEntry("Tag value", "web#");
    }

    @Test
    void theLogCommandShowsTheLastScans() throws Exception {
        TagScanLogCommand log = new TagScanLogCommand();
        log.tagScans = tagScans;

        assertThat(Console.execute(log).out()).contains("Account prod (1)").contains("vol-2");
        assertThat(tagScans.calls).containsExactly("last");
    }

    @Test
    void settingsAreShownChangedAndRefusedWithOneLine() throws Exception {
        TagScanSettingsCommand show = new TagScanSettingsCommand();
        show.tagScans = tagScans;
        assertThat(Console.execute(show).out()).isEqualTo("Tag scanning off, every 24 hours" + System.lineSeparator());

        TagScanSettingsCommand change = new TagScanSettingsCommand();
        change.tagScans = tagScans;
        change.enable = true;
        change.interval = 6;
        assertThat(Console.execute(change).out()).contains("Tag scanning on, every 6 hours");

        TagScanSettingsCommand bad = new TagScanSettingsCommand();
        bad.tagScans = tagScans;
        bad.interval = 0;
        Console.Run refused = Console.execute(bad);
        assertThat(refused.err()).isEqualTo("Error: intervalHours: Must be between 1 and 720" + System.lineSeparator());
        assertThat(tagScans.settings).isEqualTo(new TagScanSettings(true, 6));
    }

    @Test
    void scanResourcesIsTurnedOnAndOffByAccountName() throws Exception {
        FakeAccounts accounts = new FakeAccounts();
        accounts.add("prod", AuthMethod.ACCESS_KEYS);
        AccountScanResourcesCommand on = new AccountScanResourcesCommand();
        setField(on, "accounts", accounts);
        setField(on, "account", "prod");
        setField(on, "state", "on");

        assertThat(Console.execute(on).out()).contains("Scan Resources on for account prod");
        assertThat(accounts.accounts.get(1L).scanResources()).isTrue();

        setField(on, "state", "maybe");
        assertThat(Console.execute(on).err()).contains("Error: state: Write on or off");
        assertThat(accounts.accounts.get(1L).scanResources()).isTrue();
    }

    private static void setField(Object target, String name, Object value) throws Exception {
        Class<?> type = target.getClass();
        while (java.util.Arrays.stream(type.getDeclaredFields()).noneMatch(f -> f.getName().equals(name))) {
            type = type.getSuperclass(); // a command's fields may be its base class's
        }
        java.lang.reflect.Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        field.set(target, value);
    }
}
