package io.haven.shell.recovery;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.LogEntry;
import io.haven.api.model.Recovery;
import io.haven.api.model.RecoveryCredentials;
import io.haven.api.model.RecoveryRequest;
import io.haven.api.model.RecoveryStatus;
import io.haven.api.service.RecoveryService;
import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/**
 * Recovers one thing from a backup. Choices are {@code --set name=value}; what is not set takes the
 * panel's default. Haven checks the choices against AWS first and creates nothing when one is wrong.
 */
@Service
@Command(scope = "haven", name = "recover", description = "Recovers an instance, volume, database, cluster or table from a backup")
public class RecoverCommand extends HavenCommand {

    /** How often --wait looks for news; a person is watching, not a program. */
    static final long WAIT_STEP_MILLIS = 1000;

    @Reference
    RecoveryService recoveries;

    @Reference
    UserService users;

    @Reference
    Session session;

    @Argument(index = 0, name = "backup", description = "The backup's id", required = true)
    long backupId;

    @Argument(index = 1, name = "key", description = "What to recover, as recovery-panel lists it", required = true)
    String key;

    @Option(name = "--set", multiValued = true, description = "A choice as name=value, e.g. --set sizeGiB=100; repeatable")
    List<String> settings;

    @Option(name = "--other-keys", description = "Recover with other access keys of the same AWS account (asked for)")
    boolean otherKeys;

    @Option(name = "--region", description = "Recover from the backup's DR copies in this region (guide 10.5)")
    String region;

    @Option(name = "--dr-account", description = "Recover in this DR account (its id) from the backup's copies there "
            + "(guide 11.5)")
    Long drAccount;

    @Option(name = "--target-account", description = "Recover in this other account (its id): the snapshots are "
            + "shared with it first (guide 10.5)")
    Long targetAccount;

    @Option(name = "--wait", description = "Follow the recovery's log until it ends")
    boolean await;

    @Override
    protected Object run() throws Exception {
        Map<String, String> choices = new LinkedHashMap<>();
        if (settings != null) {
            for (String setting : settings) {
                int eq = setting.indexOf('=');
                if (eq <= 0) {
                    throw new ValidationException("set", "Write a choice as name=value, not '" + setting + "'");
                }
                choices.put(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
            }
        }
        RecoveryCredentials credentials = null;
        if (otherKeys) {
            String keyId = session.readLine("Access key id: ", null);
            String secret = session.readLine("Secret access key: ", '*');
            credentials = new RecoveryCredentials(keyId, secret);
        }
        Recovery started = recoveries.start(ShellUser.caller(users), backupId, new RecoveryRequest(key, choices, credentials,
                region, drAccount, targetAccount));
        System.out.println("Recovery " + started.id() + " of " + key + " started; follow it with haven:recovery-show "
                + started.id());
        if (await) {
            follow(started.id());
        }
        return null;
    }

    private void follow(long id) throws InterruptedException {
        int shown = 0;
        while (true) {
            Recovery recovery = recoveries.get(ShellUser.caller(users), id);
            List<LogEntry> log = recoveries.log(ShellUser.caller(users), id);
            for (LogEntry entry : log.subList(shown, log.size())) {
                System.out.println(entry.level() + " " + entry.message());
            }
            shown = log.size();
            if (recovery.status() != RecoveryStatus.IN_PROGRESS) {
                System.out.println("Recovery " + recovery.status().name().toLowerCase() + ": " + recovery.message());
                return;
            }
            Thread.sleep(WAIT_STEP_MILLIS);
        }
    }
}
