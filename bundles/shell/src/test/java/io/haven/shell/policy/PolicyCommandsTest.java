package io.haven.shell.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.AuthMethod;
import io.haven.api.model.Frequency;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScriptSettings;
import io.haven.api.model.SuccessCriterion;
import io.haven.api.model.TargetRemoval;
import io.haven.api.model.PolicyTarget;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.target.TargetSpec;
import io.haven.shell.testing.Completions;
import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeAccounts;
import io.haven.shell.testing.FakePolicies;
import io.haven.shell.testing.FakeSession;
import io.haven.shell.testing.FakeSchedules;
import io.haven.shell.testing.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Policies in the shell (guide 4.2). */
class PolicyCommandsTest {

    private static final String NL = System.lineSeparator();

    private final FakePolicies policies = new FakePolicies();
    private final FakeAccounts accounts = new FakeAccounts();
    private final FakeSchedules schedules = new FakeSchedules();

    @BeforeEach
    void anAccountAndTwoSchedules() {
        accounts.add("prod", AuthMethod.ACCESS_KEYS);
        schedules.add(new ScheduleSpec("nightly", null, 1, Frequency.DAYS, Instant.EPOCH, null, Set.of(), List.of()));
        schedules.add(new ScheduleSpec("hourly", null, 1, Frequency.HOURS, Instant.EPOCH, null, Set.of(), List.of()));
    }

    @Test
    void addResolvesTheAccountAndSchedulesByIdOrName() throws Exception {
        PolicyAddCommand add = add("web");
        add.account = "prod";
        add.scheduleNames = List.of("nightly", "2");
        add.generations = 7;
        add.retries = 5;
        add.retryWait = 10;
        add.description = "the shop";
        add.disabled = true;

        Console.Run run = Console.execute(add);

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("Added policy 1 (web)" + NL);
        assertThat(policies.lastSpec).isEqualTo(new PolicySpec("web", 1, "the shop", false, 7, List.of(1L, 2L), 5, 10));
    }

    @Test
    void addUsesTheDefaultRetriesAndIsEnabled() throws Exception {
        PolicyAddCommand add = add("web");
        add.account = "1";
        add.generations = 3;
        Console.execute(add);
        assertThat(policies.lastSpec).isEqualTo(new PolicySpec("web", 1, null, true, 3, List.of(),
                PolicySpec.DEFAULT_RETRIES, PolicySpec.DEFAULT_RETRY_WAIT_MINUTES));
    }

    @Test
    void missingRequiredOptionsAreNamed() throws Exception {
        PolicyAddCommand add = add("web");
        add.generations = 3;
        assertThat(Console.execute(add).err()).isEqualTo("Error: account: Name the policy's account with --account" + NL);
        add.account = "prod";
        add.generations = null;
        assertThat(Console.execute(add).err())
                .isEqualTo("Error: generations: Say how many backups to keep with --generations" + NL);
        assertThat(policies.policies).isEmpty();
    }

    @Test
    void whatTheServiceRefusesIsOneErrorLine() throws Exception {
        PolicyAddCommand add = add("web");
        add.account = "prod";
        add.generations = 0;
        Console.Run run = Console.execute(add);
        assertThat(run.err()).isEqualTo("Error: generations: Must be between 1 and 1000, was 0" + NL);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownScheduleIsReportedAndNothingIsAdded() throws Exception {
        PolicyAddCommand add = add("web");
        add.account = "prod";
        add.generations = 3;
        add.scheduleNames = List.of("weekly");
        assertThat(Console.execute(add).err()).isEqualTo("Error: Schedule weekly does not exist" + NL);
        assertThat(policies.policies).isEmpty();
    }

    @Test
    void listShowsAccountAndScheduleNames() throws Exception {
        policies.add(new PolicySpec("web", 1, "the shop", true, 7, List.of(1L, 2L), 3, 1));
        policies.add(new PolicySpec("db", 1, null, false, 30, List.of(), 0, 5));
        PolicyListCommand list = new PolicyListCommand();
        list.policies = policies;
        list.accounts = accounts;
        list.schedules = schedules;

        List<Map<String, String>> rows = Table.rows(Console.execute(list).out());

        assertThat(rows.get(0)).containsEntry("Name", "web").containsEntry("Account", "prod")
                .containsEntry("Schedules", "nightly, hourly").containsEntry("Generations", "7")
                .containsEntry("Retries", "3").containsEntry("Retry wait", "1 min").containsEntry("Enabled", "yes")
                .containsEntry("Description", "the shop");
        assertThat(rows.get(1)).containsEntry("Name", "db").containsEntry("Schedules", "").containsEntry("Enabled", "no");
    }

    @Test
    void targetAddPassesTypeRegionResourceAndTheVolumeOptions() throws Exception {
        policies.add(new PolicySpec("web", 1, null, true, 7, List.of(), 3, 1));
        PolicyTargetAddCommand add = new PolicyTargetAddCommand();
        add.policies = policies;
        add.policy = "web";
        add.resources = java.util.List.of("i-0123456789abcdef0");
        add.type = "ec2-instance";
        add.region = "us-east-1";
        add.volumes = "include";
        add.devices = List.of("/dev/sda1", "/dev/sdf");

        Console.Run run = Console.execute(add);

        assertThat(run.out()).isEqualTo("Added target 1 to policy web: ec2-instance i-0123456789abcdef0 in us-east-1" + NL);
        assertThat(policies.targets.get(1L)).extracting(PolicyTarget::spec).containsExactly(new TargetSpec("ec2-instance",
                "us-east-1", "i-0123456789abcdef0", Map.of("volumes", "include", "devices", "/dev/sda1,/dev/sdf")));
    }

    @Test
    void targetAddWithoutOptionsSendsNone() throws Exception {
        policies.add(new PolicySpec("web", 1, null, true, 7, List.of(), 3, 1));
        PolicyTargetAddCommand add = new PolicyTargetAddCommand();
        add.policies = policies;
        add.policy = "1";
        add.resources = java.util.List.of("vol-1");
        add.region = "us-east-1";
        assertThat(Console.execute(add).err()).isEqualTo("Error: type: Choose a target type" + NL);
        add.type = "ebs-volume";
        Console.execute(add);
        assertThat(policies.targets.get(1L).get(0).spec().options()).isEmpty();
    }

    @Test
    void severalResourcesAreAddedInOneRequest() throws Exception {
        policies.add(new PolicySpec("web", 1, null, true, 7, List.of(), 3, 1));
        PolicyTargetAddCommand add = new PolicyTargetAddCommand();
        add.policies = policies;
        add.policy = "web";
        add.type = "ebs-volume";
        add.region = "us-east-1";
        add.resources = List.of("vol-1", "vol-2");
        String out = Console.execute(add).out();
        assertThat(out).contains("ebs-volume vol-1 in us-east-1").contains("ebs-volume vol-2 in us-east-1");
        assertThat(policies.targets.get(1L)).extracting(t -> t.spec().resourceId()).containsExactly("vol-1", "vol-2");
    }

    @Test
    void targetsAreListedAndRemovedById() throws Exception {
        policies.add(new PolicySpec("web", 1, null, true, 7, List.of(), 3, 1));
        policies.addTarget(null, 1, new TargetSpec("ec2-instance", "us-east-1", "i-1", Map.of("volumes", "exclude",
                "devices", "/dev/sdf")));
        policies.targets.get(1L).add(new PolicyTarget(7, 1, new TargetSpec("rds-instance", "eu-west-1", "db1", Map.of()),
                false));
        PolicyTargetsCommand targets = new PolicyTargetsCommand();
        targets.policies = policies;
        targets.policy = "web";

        assertThat(Table.rows(Console.execute(targets).out())).containsExactly(
                Map.of("ID", "1", "Type", "ec2-instance", "Region", "us-east-1", "Resource", "i-1",
                        "Options", "devices=/dev/sdf volumes=exclude", "Available", "yes"),
                Map.of("ID", "7", "Type", "rds-instance", "Region", "eu-west-1", "Resource", "db1", "Options", "",
                        "Available", "no: its plugin is not installed"));

        PolicyTargetRemoveCommand remove = new PolicyTargetRemoveCommand();
        remove.policies = policies;
        remove.policy = "web";
        remove.target = 7;
        assertThat(Console.execute(remove).out()).isEqualTo("Removed target 7 from policy web" + NL);
        assertThat(Console.execute(remove).err()).isEqualTo("Error: Target 7 does not exist" + NL);
        assertThat(policies.targets.get(1L)).extracting(PolicyTarget::id).containsExactly(1L);
    }

    /** Guide 13, "Pitfalls": a change by hand that the resource's tag contradicts is made, and the warning printed. */
    @Test
    void tagWarningsArePrintedAfterTheChange() throws Exception {
        policies.add(new PolicySpec("web", 1, null, true, 7, List.of(), 3, 1));
        policies.addWarnings = List.of(new io.haven.api.model.TagWarning("ebs-volume", "us-east-1", "vol-1", "web",
                "no-backup", io.haven.api.model.TagWarning.NextScan.REMOVE, "vol-1 is tagged no-backup: the next scan "
                + "removes it"));
        PolicyTargetAddCommand add = new PolicyTargetAddCommand();
        add.policies = policies;
        add.policy = "web";
        add.type = "ebs-volume";
        add.region = "us-east-1";
        add.resources = List.of("vol-1");

        assertThat(Console.execute(add).out()).isEqualTo("Added target 1 to policy web: ebs-volume vol-1 in us-east-1"
                + NL + "Warning: vol-1 is tagged no-backup: the next scan removes it" + NL);

        policies.removalWarnings = List.of(new io.haven.api.model.TagWarning("ebs-volume", "us-east-1", "vol-1", "web",
                "web", io.haven.api.model.TagWarning.NextScan.ADD_AGAIN, "its tag names web: the next scan adds it again"));
        PolicyTargetRemoveCommand remove = new PolicyTargetRemoveCommand();
        remove.policies = policies;
        remove.policy = "web";
        remove.target = 1;
        assertThat(Console.execute(remove).out()).isEqualTo("Removed target 1 from policy web" + NL
                + "Warning: its tag names web: the next scan adds it again" + NL);
        assertThat(policies.targets.get(1L)).as("removed all the same").isEmpty();
    }

    @Test
    void targetUpdateReplacesTheOptionsAndARefusalIsOneLineThatChangesNothing() throws Exception {
        policies.add(new PolicySpec("web", 1, null, true, 7, List.of(), 3, 1));
        long id = policies.addTarget(null, 1, new TargetSpec("ec2-instance", "us-east-1", "i-1", Map.of("volumes", "exclude",
                "devices", "/dev/sdf"))).id();
        PolicyTargetUpdateCommand update = new PolicyTargetUpdateCommand();
        update.policies = policies;
        update.policy = "web";
        update.target = id;

        assertThat(Console.execute(update).err()).isEqualTo("Error: options: Give the target's new options (they replace "
                + "all of its options), or --defaults to go back to its type's defaults" + NL);
        update.backupMode = "ami";
        update.reboot = true;
        assertThat(Console.execute(update).out()).isEqualTo("Changed the options of target " + id
                + " of policy web (ec2-instance i-1): backupMode=ami, reboot=true" + NL);
        assertThat(policies.targets.get(1L).get(0).spec().options()).isEqualTo(Map.of("backupMode", "ami", "reboot", "true"));

        update.backupMode = "sometimes";
        Console.Run refused = Console.execute(update);
        assertThat(refused.err()).startsWith("Error: options.backupMode: 'backupMode' must be one of");
        assertThat(refused.out()).isEmpty();
        assertThat(policies.targets.get(1L).get(0).spec().options()).isEqualTo(Map.of("backupMode", "ami", "reboot", "true"));

        update.backupMode = null;
        update.reboot = false;
        update.defaults = true;
        assertThat(Console.execute(update).out()).endsWith("(ec2-instance i-1): its type's defaults" + NL);
        assertThat(policies.targets.get(1L).get(0).spec().options()).isEmpty();
        update.target = 99;
        assertThat(Console.execute(update).err()).isEqualTo("Error: Target 99 does not exist" + NL);
    }

    @Test
    void runPrintsOnlyTheNewBackupsId() throws Exception {
        policies.add(new PolicySpec("web", 1, null, true, 7, List.of(), 3, 1));
        PolicyRunCommand run = new PolicyRunCommand();
        run.policies = policies;
        run.policy = "web";

        Console.Run first = Console.execute(run);
        assertThat(first.out()).isEqualTo("42" + NL);
        assertThat(first.err()).isEmpty();

        Console.Run second = Console.execute(run);
        assertThat(second.err()).isEqualTo("Error: A backup of policy web is already in progress" + NL);
        assertThat(second.out()).isEmpty();
    }

    @Test
    void deleteTakesAnIdOrName() throws Exception {
        policies.add(new PolicySpec("web", 1, null, true, 7, List.of(), 3, 1));
        PolicyDeleteCommand delete = new PolicyDeleteCommand();
        delete.policies = policies;
        delete.policy = "web";
        assertThat(Console.execute(delete).out()).isEqualTo("Deleted policy 1 (web)" + NL);
        assertThat(Console.execute(delete).err()).isEqualTo("Error: Policy web does not exist" + NL);
    }

    @Test
    void theCompleterOffersIdsAndNames() {
        policies.add(new PolicySpec("web", 1, null, true, 7, List.of(), 3, 1));
        policies.add(new PolicySpec("db", 1, null, true, 7, List.of(), 3, 1));
        PolicyCompleter completer = new PolicyCompleter();
        completer.policies = policies;
        assertThat(Completions.of(completer, "")).containsExactlyInAnyOrder("1", "2", "web", "db");
        assertThat(Completions.of(completer, "w")).containsExactly("web");
    }

    @Test
    void addTakesThePolicyOptionsInTheShellsWords() throws Exception {
        PolicyAddCommand add = add("db");
        add.account = "prod";
        add.generations = 3;
        add.autoRemove = "yes-and-alert";
        add.success = "snapshots-succeed";
        add.alertAfter = 4;
        add.scripts = true;
        add.scriptTimeout = 90;
        add.collectScriptOutput = true;

        assertThat(Console.execute(add).err()).isEmpty();
        assertThat(policies.lastSpec.autoRemoveTargets()).isEqualTo(TargetRemoval.YES_AND_ALERT);
        assertThat(policies.lastSpec.successCriterion()).isEqualTo(SuccessCriterion.SNAPSHOTS_SUCCEED);
        assertThat(policies.lastSpec.failuresToAlert()).isEqualTo(4);
        assertThat(policies.lastSpec.scripts()).isEqualTo(new ScriptSettings(true, 90, true));
    }

    /** Guide 10.1: DR on, every N backups, target regions (repeated or comma-separated), timeout. */
    @Test
    void addAndUpdateTakeTheDrSettings() throws Exception {
        PolicyAddCommand add = add("db");
        add.account = "prod";
        add.generations = 3;
        add.dr = true;
        add.drEvery = 2;
        add.drRegions = List.of("us-west-2, eu-west-1");
        assertThat(Console.execute(add).err()).isEmpty();
        assertThat(policies.lastSpec.dr()).isEqualTo(new io.haven.api.model.DrSettings(true, 2,
                List.of("us-west-2", "eu-west-1"), 24));

        PolicyUpdateCommand update = new PolicyUpdateCommand();
        update.policies = policies;
        update.schedules = schedules;
        update.policy = "db";
        update.drTimeout = 48;
        update.drRegions = List.of("ap-south-1");
        assertThat(Console.execute(update).err()).isEmpty();
        assertThat(policies.get(null, 1).spec().dr()).isEqualTo(new io.haven.api.model.DrSettings(true, 2,
                List.of("ap-south-1"), 48));
        update.drRegions = null;
        update.drTimeout = null;
        update.dr = "off";
        assertThat(Console.execute(update).err()).isEmpty();
        assertThat(policies.get(null, 1).spec().dr().enabled()).isFalse();
        assertThat(policies.get(null, 1).spec().dr().regions()).containsExactly("ap-south-1");
    }

    @Test
    void anUnknownOptionWordIsOneErrorLineListingTheChoices() throws Exception {
        PolicyAddCommand add = add("db");
        add.account = "prod";
        add.generations = 3;
        add.autoRemove = "sometimes";
        assertThat(Console.execute(add).err())
                .isEqualTo("Error: auto-remove: Not one of no, yes, yes-and-alert: 'sometimes'" + NL);
        assertThat(policies.policies).isEmpty();
    }

    @Test
    void targetAddTakesTheEc2BackupModeRebootAndAnyOtherOption() throws Exception {
        policies.add(new PolicySpec("web", 1, null, true, 7, List.of(), 3, 1));
        PolicyTargetAddCommand add = new PolicyTargetAddCommand();
        add.policies = policies;
        add.policy = "web";
        add.type = "ec2-instance";
        add.region = "us-east-1";
        add.resources = java.util.List.of("i-0123456789abcdef0");
        add.backupMode = "ami";
        add.reboot = true;
        add.extra = List.of("colour = blue");

        assertThat(Console.execute(add).err()).isEmpty();
        assertThat(policies.targets(null, 1).get(0).spec().options()).containsEntry("backupMode", "ami")
                .containsEntry("reboot", "true").containsEntry("colour", "blue");
        add.extra = List.of("colour");
        assertThat(Console.execute(add).err()).isEqualTo("Error: option: Write an option as name=value, not 'colour'" + NL);
    }

    @Test
    void updateChangesOnlyWhatIsGiven() throws Exception {
        policies.add(new PolicySpec("web", 1, "shop", true, 7, List.of(1L), 3, 1));
        PolicyUpdateCommand update = new PolicyUpdateCommand();
        update.policies = policies;
        update.schedules = schedules;
        update.policy = "web";
        update.generations = 9;
        update.scripts = "on";
        update.autoRemove = "yes";
        update.enabled = "false";

        assertThat(Console.execute(update).out()).isEqualTo("Updated policy 1 (web)" + NL);
        PolicySpec spec = policies.get(null, 1).spec();
        assertThat(spec.generations()).isEqualTo(9);
        assertThat(spec.scripts()).isEqualTo(new ScriptSettings(true, 30, false));
        assertThat(spec.autoRemoveTargets()).isEqualTo(TargetRemoval.YES);
        assertThat(spec.enabled()).isFalse();
        assertThat(spec.description()).isEqualTo("shop");
        assertThat(spec.scheduleIds()).containsExactly(1L);
        assertThat(spec.retries()).isEqualTo(3);

        update.scripts = "maybe";
        assertThat(Console.execute(update).err()).isEqualTo("Error: scripts: Say on or off, not 'maybe'" + NL);
    }

    @Test
    void deletingAPolicyWithBackupsAsksFirst() throws Exception {
        long id = policies.add(new PolicySpec("web", 1, null, true, 7, List.of(), 3, 1)).id();
        policies.unfrozenBackups.put(id, 3);
        FakeSession no = FakeSession.withAnswer("no");
        PolicyDeleteCommand delete = delete("web", no);

        assertThat(Console.execute(delete).out()).isEqualTo("Nothing deleted" + NL);
        assertThat(no.prompts()).singleElement().satisfies(p -> assertThat(p.text())
                .isEqualTo("Policy web has 3 backups outside the freezer. Delete them and their snapshots with the "
                        + "policy? (yes/no) "));
        assertThat(policies.policies).hasSize(1);

        Console.Run run = Console.execute(delete("web", FakeSession.withAnswer("yes")));
        assertThat(run.out()).isEqualTo("Deleted policy " + id + " (web); its 3 backups are being deleted in the "
                + "background" + NL);
        assertThat(policies.lastConsent).isTrue();
        assertThat(policies.policies).isEmpty();
    }

    @Test
    void forceDeletesWithoutAskingAndAPolicyWithoutBackupsIsNotAskedAbout() throws Exception {
        long web = policies.add(new PolicySpec("web", 1, null, true, 7, List.of(), 3, 1)).id();
        policies.unfrozenBackups.put(web, 2);
        FakeSession session = FakeSession.withAnswer("no");
        PolicyDeleteCommand delete = delete("web", session);
        delete.force = true;
        assertThat(Console.execute(delete).err()).isEmpty();
        policies.add(new PolicySpec("empty", 1, null, true, 7, List.of(), 3, 1));
        assertThat(Console.execute(delete("empty", session)).out()).startsWith("Deleted policy");
        assertThat(session.prompts()).isEmpty();
        assertThat(policies.policies).isEmpty();
    }

    private PolicyDeleteCommand delete(String name, FakeSession session) {
        PolicyDeleteCommand delete = new PolicyDeleteCommand();
        delete.policies = policies;
        delete.session = session.session();
        delete.policy = name;
        return delete;
    }

    private PolicyAddCommand add(String name) {
        PolicyAddCommand add = new PolicyAddCommand();
        add.policies = policies;
        add.accounts = accounts;
        add.schedules = schedules;
        add.name = name;
        return add;
    }
}
