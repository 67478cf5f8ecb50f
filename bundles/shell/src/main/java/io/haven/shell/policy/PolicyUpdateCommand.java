package io.haven.shell.policy;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.DrSettings;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.ScriptSettings;
import io.haven.api.service.PolicyService;
import io.haven.api.service.ScheduleService;
import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import io.haven.shell.schedule.ScheduleCompleter;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Changes a policy: only the options given change; the account never does. */
@Service
@Command(scope = "haven", name = "policy-update", description = "Changes a policy's settings; what is not given stays")
public class PolicyUpdateCommand extends HavenCommand {

    @Reference
    PolicyService policies;

    @Reference
    UserService users;

    @Reference
    ScheduleService schedules;

    @Argument(index = 0, name = "policy", description = "The policy's id or name", required = true)
    @Completion(PolicyCompleter.class)
    String policy;

    @Option(name = "--name", description = "A new name")
    String name;

    @Option(name = "--description", description = "What the policy is for")
    String description;

    @Option(name = "--enabled", description = "true: schedules trigger it; false: they do not")
    @Completion(value = StringsCompleter.class, values = {"true", "false"})
    String enabled;

    @Option(name = "--generations", description = "How many successful backups to keep")
    Integer generations;

    @Option(name = "--schedule", multiValued = true, description = "The schedules (id or name) that trigger it, "
            + "replacing the current ones; repeatable")
    @Completion(ScheduleCompleter.class)
    List<String> scheduleNames;

    @Option(name = "--retries", description = "How often an unsuccessful backup is retried")
    Integer retries;

    @Option(name = "--retry-wait", description = "Minutes between retries")
    Integer retryWait;

    @Option(name = "--auto-remove", description = "Targets whose resource is gone: no, yes, yes-and-alert")
    @Completion(value = StringsCompleter.class, values = {"no", "yes", "yes-and-alert"})
    String autoRemove;

    @Option(name = "--success", description = "no-issues or snapshots-succeed")
    @Completion(value = StringsCompleter.class, values = {"no-issues", "snapshots-succeed"})
    String success;

    @Option(name = "--alert-after", description = "Unsuccessful backups in a row that raise an alert")
    Integer alertAfter;

    @Option(name = "--scripts", description = "on: run the backup scripts; off: do not")
    @Completion(value = StringsCompleter.class, values = {"on", "off"})
    String scripts;

    @Option(name = "--script-timeout", description = "Seconds each script may run")
    Integer scriptTimeout;

    @Option(name = "--collect-script-output", description = "on: keep the scripts' standard error; off: do not")
    @Completion(value = StringsCompleter.class, values = {"on", "off"})
    String collectOutput;

    @Option(name = "--dr", description = "on: copy the policy's backups to its DR regions (guide 10); off: do not")
    @Completion(value = StringsCompleter.class, values = {"on", "off"})
    String dr;

    @Option(name = "--dr-every", description = "Copy one backup in this many")
    Integer drEvery;

    @Option(name = "--dr-region", multiValued = true, description = "The DR target regions, replacing the current "
            + "ones; repeatable or comma-separated")
    List<String> drRegions;

    @Option(name = "--dr-timeout", description = "Hours the copies of one backup may take")
    Integer drTimeout;

    @Reference
    io.haven.api.service.AccountService accounts;

    @Option(name = "--dr-account", description = "Cross-account DR (guide 11): the DR account (id or name) the copies "
            + "are made in; none: copies stay in the policy's account")
    @Completion(io.haven.shell.account.AccountCompleter.class)
    String drAccount;

    @Option(name = "--dr-keep-originals", description = "With a DR account: yes keeps the original snapshots; no "
            + "deletes them once all their copies completed")
    @Completion(value = org.apache.karaf.shell.support.completers.StringsCompleter.class, values = {"yes", "no"})
    String drKeepOriginals;

    @Override
    protected Object run() {
        Policy found = policies.find(ShellUser.caller(users), policy);
        PolicySpec s = found.spec();
        ScriptSettings current = s.scripts();
        ScriptSettings newScripts = new ScriptSettings(
                scripts == null ? current.enabled() : toggle("scripts", scripts, "on", "off"),
                scriptTimeout == null ? current.timeoutSeconds() : scriptTimeout,
                collectOutput == null ? current.collectOutput() : toggle("collect-script-output", collectOutput, "on", "off"));
        PolicySpec changed = new PolicySpec(
                name == null ? s.name() : name,
                s.accountId(),
                description == null ? s.description() : description,
                enabled == null ? s.enabled() : toggle("enabled", enabled, "true", "false"),
                generations == null ? s.generations() : generations,
                scheduleNames == null ? s.scheduleIds() : scheduleNames.stream().map(n -> schedules.find(ShellUser.caller(users), n).id()).toList(),
                retries == null ? s.retries() : retries,
                retryWait == null ? s.retryWaitMinutes() : retryWait,
                autoRemove == null ? s.autoRemoveTargets() : PolicyOptionsText.removal("auto-remove", autoRemove),
                success == null ? s.successCriterion() : PolicyOptionsText.criterion("success", success),
                alertAfter == null ? s.failuresToAlert() : alertAfter,
                newScripts,
                new DrSettings(dr == null ? s.dr().enabled() : toggle("dr", dr, "on", "off"),
                        drEvery == null ? s.dr().everyBackups() : drEvery,
                        drRegions == null ? s.dr().regions() : PolicyOptionsText.regions(drRegions),
                        drTimeout == null ? s.dr().timeoutHours() : drTimeout,
                        drAccount == null ? s.dr().account() : "none".equalsIgnoreCase(drAccount.trim()) ? null
                                : PolicyOptionsText.drAccount(accounts, ShellUser.caller(users), drAccount),
                        drKeepOriginals == null ? s.dr().keepOriginals()
                                : PolicyOptionsText.yesNo("dr-keep-originals", drKeepOriginals)));
        Policy updated = policies.update(ShellUser.caller(users), found.id(), changed);
        System.out.println("Updated policy " + updated.id() + " (" + updated.spec().name() + ")");
        return null;
    }

    private static boolean toggle(String field, String value, String yes, String no) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals(yes)) {
            return true;
        }
        if (v.equals(no)) {
            return false;
        }
        throw new ValidationException(field, "Say " + yes + " or " + no + ", not '" + value + "'");
    }
}
