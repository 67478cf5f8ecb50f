package io.haven.shell.policy;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.DrSettings;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScriptSettings;
import io.haven.api.service.AccountService;
import io.haven.api.service.PolicyService;
import io.haven.api.service.ScheduleService;
import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import io.haven.shell.account.AccountCompleter;
import io.haven.shell.schedule.ScheduleCompleter;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Adds a policy (guide 4.2): which account, when (schedules) and how many backups to keep. */
@Service
@Command(scope = "haven", name = "policy-add", description = "Adds a backup policy")
public class PolicyAddCommand extends HavenCommand {

    @Reference
    PolicyService policies;

    @Reference
    UserService users;

    @Reference
    AccountService accounts;

    @Reference
    ScheduleService schedules;

    @Argument(index = 0, name = "name", description = "A unique name for the policy", required = true)
    String name;

    @Option(name = "--account", description = "Required: the account (id or name); it cannot change later")
    @Completion(AccountCompleter.class)
    String account;

    @Option(name = "--schedule", multiValued = true, description = "A schedule (id or name) that triggers it; repeatable")
    @Completion(ScheduleCompleter.class)
    List<String> scheduleNames;

    @Option(name = "--generations", description = "Required: how many successful backups to keep")
    Integer generations;

    @Option(name = "--retries", description = "How often a failed backup is retried")
    int retries = PolicySpec.DEFAULT_RETRIES;

    @Option(name = "--retry-wait", description = "Minutes between retries")
    int retryWait = PolicySpec.DEFAULT_RETRY_WAIT_MINUTES;

    @Option(name = "--description", description = "What the policy is for")
    String description;

    @Option(name = "--disabled", description = "Add it switched off: schedules do not trigger it")
    boolean disabled;

    @Option(name = "--auto-remove", description = "Targets whose resource is gone: no (default), yes, yes-and-alert")
    @Completion(value = org.apache.karaf.shell.support.completers.StringsCompleter.class,
            values = {"no", "yes", "yes-and-alert"})
    String autoRemove = "no";

    @Option(name = "--success", description = "A backup is successful when: no-issues (default; scripts must succeed) "
            + "or snapshots-succeed (script failures are tolerated)")
    @Completion(value = org.apache.karaf.shell.support.completers.StringsCompleter.class,
            values = {"no-issues", "snapshots-succeed"})
    String success = "no-issues";

    @Option(name = "--alert-after", description = "Unsuccessful backups in a row that raise an alert (default 1)")
    int alertAfter = PolicySpec.DEFAULT_FAILURES_TO_ALERT;

    @Option(name = "--scripts", description = "Run the backup scripts before_<policy>, after_<policy> and "
            + "complete_<policy> from the scripts folder")
    boolean scripts;

    @Option(name = "--script-timeout", description = "Seconds each script may run before it is killed (default 30)")
    int scriptTimeout = ScriptSettings.DEFAULT_TIMEOUT_SECONDS;

    @Option(name = "--collect-script-output", description = "Keep the scripts' standard error with each backup")
    boolean collectScriptOutput;

    @Option(name = "--dr", description = "Copy the policy's backups to the --dr-region regions (guide 10)")
    boolean dr;

    @Option(name = "--dr-every", description = "Copy one backup in this many (default 1: every backup); the others "
            + "show DR status SKIPPED")
    int drEvery = DrSettings.DEFAULT_EVERY_BACKUPS;

    @Option(name = "--dr-region", multiValued = true, description = "A DR target region, e.g. us-west-2; repeatable "
            + "or comma-separated")
    List<String> drRegions;

    @Option(name = "--dr-timeout", description = "Hours the copies of one backup may take (default 24)")
    int drTimeout = DrSettings.DEFAULT_TIMEOUT_HOURS;

    @Option(name = "--dr-account", description = "Cross-account DR (guide 11): the DR account (id or name) the copies "
            + "are made in, in each --dr-region (none: the backups' own regions)")
    @Completion(io.haven.shell.account.AccountCompleter.class)
    String drAccount;

    @Option(name = "--dr-keep-originals", description = "With --dr-account: yes (default) keeps the original "
            + "snapshots; no deletes them once all their copies completed")
    @Completion(value = org.apache.karaf.shell.support.completers.StringsCompleter.class, values = {"yes", "no"})
    String drKeepOriginals;

    @Override
    protected Object run() {
        if (account == null) {
            throw new ValidationException("account", "Name the policy's account with --account");
        }
        if (generations == null) {
            throw new ValidationException("generations", "Say how many backups to keep with --generations");
        }
        long accountId = accounts.find(ShellUser.caller(users), account).id();
        List<Long> scheduleIds = scheduleNames == null ? List.of()
                : scheduleNames.stream().map(s -> schedules.find(ShellUser.caller(users), s).id()).toList();
        Policy added = policies.create(ShellUser.caller(users), new PolicySpec(name, accountId, description, !disabled, generations, scheduleIds,
                retries, retryWait, PolicyOptionsText.removal("auto-remove", autoRemove),
                PolicyOptionsText.criterion("success", success), alertAfter,
                new ScriptSettings(scripts, scriptTimeout, collectScriptOutput),
                new DrSettings(dr, drEvery, drRegions == null ? List.of() : PolicyOptionsText.regions(drRegions), drTimeout,
                        drAccount == null ? null : PolicyOptionsText.drAccount(accounts, ShellUser.caller(users), drAccount),
                        drKeepOriginals == null || PolicyOptionsText.yesNo("dr-keep-originals", drKeepOriginals))));
        System.out.println("Added policy " + added.id() + " (" + added.spec().name() + ")");
        return null;
    }
}
