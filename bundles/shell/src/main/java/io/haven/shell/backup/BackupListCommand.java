package io.haven.shell.backup;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Backup;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.Page;
import io.haven.api.service.BackupService;
import io.haven.api.service.PolicyService;
import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import io.haven.shell.policy.PolicyCompleter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.service.cm.ConfigurationAdmin;

/** Lists backups, newest first, one page at a time. */
@Service
@Command(scope = "haven", name = "backup-list", description = "Lists backups, newest first")
public class BackupListCommand extends HavenCommand {

    @Reference
    BackupService backups;

    @Reference
    UserService users;

    @Reference
    PolicyService policies;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Option(name = "--policy", description = "Only this policy's backups (id or name)")
    @Completion(PolicyCompleter.class)
    String policy;

    @Option(name = "--status", description = "Only backups in this state: IN_PROGRESS, SUCCESSFUL, PARTIALLY_SUCCESSFUL or FAILED")
    @Completion(BackupStatusCompleter.class)
    String status;

    @Option(name = "--frozen", description = "Only backups in the freezer")
    boolean frozen;

    @Option(name = "--search", description = "Only backups whose freezer name or description contains this text")
    String search;

    @Option(name = "--page", description = "Which page, counted from 1")
    int page = 1;

    @Option(name = "--size", description = "Backups per page, 1 to 500")
    int size = 20;

    @Option(name = "--cursor", description = "The page after this cursor: the one printed as \"Next page\" by the "
            + "listing before, with the same filters (a deep page costs no more than the first)")
    String cursor;

    @Override
    protected Object run() {
        if (page < 1) {
            throw new ValidationException("page", "Pages are counted from 1");
        }
        Long policyId = policy == null ? null : policies.find(ShellUser.caller(users), policy).id();
        Page<Backup> result = backups.list(ShellUser.caller(users), new BackupQuery(policyId, parseStatus(), "started", true, page - 1, size,
                frozen ? Boolean.TRUE : null, search, cursor));
        Times times = new Times(ServerZone.of(configAdmin));
        ShellTable table = new ShellTable().emptyTableText("No backups");
        table.column("ID").alignRight();
        table.column("Policy");
        table.column("Status");
        table.column("Trigger");
        table.column("Attempt").alignRight();
        table.column("Started");
        table.column("Ended");
        table.column("DR");
        table.column("Frozen as");
        table.column("Message").maxSize(60);
        for (Backup b : result.items()) {
            table.addRow().addContent(b.id(), b.policyName(), b.status() + (b.deleted() != null ? " (deleted)" : ""),
                    b.trigger(), b.attempt(), times.format(b.started()), times.format(b.ended()), b.drStatus(),
                    b.frozen() == null ? "" : b.frozen().name(), b.message() == null ? "" : b.message());
        }
        table.print(System.out);
        // Past COUNT_LIMIT the total is a lower bound, which the line says ("or more").
        String more = result.totalIsLowerBound() ? " or more" : "";
        if (cursor == null) {
            long pages = Math.max(1, (result.total() + result.size() - 1) / Math.max(1, result.size()));
            System.out.println("Page " + (result.page() + 1) + " of " + pages + more + ", " + result.total() + more
                    + " backups");
        } else {
            System.out.println("After the cursor, of " + result.total() + more + " backups");
        }
        if (result.next() != null) {
            System.out.println("Next page: --cursor " + result.next());
        }
        return null;
    }

    private BackupStatus parseStatus() {
        if (status == null) {
            return null;
        }
        String wanted = status.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(BackupStatus.values()).filter(s -> s.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new ValidationException("status", "Not a backup status: '" + status + "'; use "
                        + Arrays.stream(BackupStatus.values()).map(Enum::name).collect(Collectors.joining(", "))));
    }
}
