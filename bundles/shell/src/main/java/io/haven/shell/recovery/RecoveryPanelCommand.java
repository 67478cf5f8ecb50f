package io.haven.shell.recovery;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.RecoveryPanel;
import io.haven.api.model.ScriptRun;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveryOption;
import io.haven.api.service.BackupService;
import io.haven.api.service.RecoveryService;
import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * The recovery panel of a backup (guide 9): what it can be recovered into, and, for one of them, every
 * option with the original's value as default.
 */
@Service
@Command(scope = "haven", name = "recovery-panel", description = "Shows what a backup can be recovered into")
public class RecoveryPanelCommand extends HavenCommand {

    @Reference
    RecoveryService recoveries;

    @Reference
    UserService users;

    @Reference
    BackupService backups;

    @Argument(index = 0, name = "backup", description = "The backup's id", required = true)
    long backupId;

    @Argument(index = 1, name = "key", description = "One recoverable (as listed) to show its options")
    String key;

    @Option(name = "--region", description = "Recover from the backup's DR copies in this region (guide 10.5)")
    String region;

    @Option(name = "--dr-account", description = "Recover in this DR account (its id) from the backup's copies there "
            + "(guide 11.5)")
    Long drAccount;

    @Option(name = "--target-account", description = "Recover in this other account (its id): the snapshots are "
            + "shared with it first (guide 10.5)")
    Long targetAccount;

    @Override
    protected Object run() {
        RecoveryPanel panel = recoveries.panel(ShellUser.caller(users), backupId, region, drAccount, targetAccount);
        if (key == null) {
            ShellTable table = new ShellTable().emptyTableText("Nothing in this backup can be recovered");
            table.column("Key");
            table.column("Kind");
            table.column("Region");
            table.column("What").maxSize(70);
            for (Recoverable r : panel.recoverables()) {
                table.addRow().addContent(r.key(), r.kind(), r.region(), r.label());
            }
            table.print(System.out);
            if (!panel.unavailable().isEmpty()) {
                System.out.println("No installed plugin recovers: " + String.join(", ", panel.unavailable()));
            }
            if (!panel.drRegions().isEmpty()) {
                System.out.println(panel.region() == null
                        ? "DR copies completed in " + String.join(", ", panel.drRegions()) + ": --region REGION recovers there"
                        : "From the DR copies in " + panel.region() + "; defaults of the origin region are blank");
            }
            if (panel.drAccountId() != null) {
                System.out.println(drAccount == null
                        ? "Copies completed in DR account " + panel.drAccountId() + " in "
                                + String.join(", ", panel.drAccountRegions()) + ": --dr-account " + panel.drAccountId()
                                + " recovers there"
                        : "From the copies in DR account " + panel.drAccountId() + " in " + panel.region()
                                + "; recovered in that account, defaults of the origin are blank");
            }
            if (panel.targetAccountId() != null) {
                System.out.println("Recovered in account " + panel.targetAccountId() + " after sharing the snapshots "
                        + "with it; defaults of their own account are blank");
            } else if (!panel.targetAccounts().isEmpty()) {
                System.out.println("Also recoverable in " + panel.targetAccounts().stream()
                        .map(a -> a.name() + " (" + a.id() + ")").collect(Collectors.joining(", "))
                        + ": --target-account ID shares the snapshots with it and recovers there");
            }
            printScripts();
            return null;
        }
        Recoverable r = panel.recoverables().stream().filter(x -> x.key().equals(key)).findFirst()
                .orElseThrow(() -> new ValidationException("key", "Backup " + backupId + " holds nothing recoverable as '"
                        + key + "'"));
        System.out.println(r.label() + " (" + r.kind() + " in " + r.region() + ")");
        ShellTable options = new ShellTable();
        options.column("Option");
        options.column("Default");
        options.column("Allowed").maxSize(40).wrap();
        options.column("Meaning").maxSize(60).wrap();
        for (RecoveryOption o : r.options()) {
            options.addRow().addContent(o.name(), o.defaultValue() == null ? "" : o.defaultValue(),
                    String.join(", ", o.allowed()), o.description());
        }
        options.print(System.out);
        for (String note : r.notes()) {
            System.out.println("Note: " + note);
        }
        return null;
    }

    /** The guide shows the backup scripts' outcome with the recovery panel: was the backup application-consistent? */
    private void printScripts() {
        List<ScriptRun> runs = backups.scripts(ShellUser.caller(users), backupId);
        if (runs.isEmpty()) {
            return;
        }
        String outcomes = runs.stream().map(run -> (run.script() == null ? run.phase().prefix() + "…" : run.script())
                + " " + run.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ')).collect(Collectors.joining(", "));
        System.out.println("Backup scripts: " + outcomes + " (haven:backup-scripts " + backupId + " shows their output)");
    }
}
