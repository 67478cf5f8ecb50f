package io.haven.shell.backup;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Backup;
import io.haven.api.model.BackupArtifact;
import io.haven.api.model.DrCopy;
import java.util.List;
import io.haven.api.service.BackupService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.service.cm.ConfigurationAdmin;

/** One backup: its outcome and every artifact (snapshot, image) it made. */
@Service
@Command(scope = "haven", name = "backup-show", description = "Shows a backup's status, times and artifacts")
public class BackupShowCommand extends HavenCommand {

    @Reference
    BackupService backups;

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Argument(index = 0, name = "id", description = "The backup's id", required = true)
    long id;

    @Override
    protected Object run() {
        Times times = new Times(ServerZone.of(configAdmin));
        Backup b = backups.get(ShellUser.caller(users), id);
        ShellTable facts = new ShellTable().noHeaders();
        facts.column("Field");
        facts.column("Value");
        facts.addRow().addContent("Backup", b.id());
        facts.addRow().addContent("Policy", b.policyName() + " (" + b.policyId() + ")");
        facts.addRow().addContent("Status", b.status());
        facts.addRow().addContent("Trigger", b.trigger() + ", attempt " + b.attempt());
        facts.addRow().addContent("Started", times.format(b.started()));
        facts.addRow().addContent("Ended", b.ended() == null ? "still running" : times.format(b.ended()));
        facts.addRow().addContent("Message", b.message() == null ? "" : b.message());
        facts.addRow().addContent("DR", b.drStatus());
        if (b.frozen() != null) {
            facts.addRow().addContent("Frozen as", b.frozen().name() + " (" + times.format(b.frozen().frozenAt()) + ")");
            facts.addRow().addContent("Frozen because", b.frozen().description() == null ? "" : b.frozen().description());
        }
        if (b.deleted() != null) {
            facts.addRow().addContent("Deleted", times.format(b.deleted()));
        }
        facts.print(System.out);
        System.out.println();

        ShellTable artifacts = new ShellTable().emptyTableText("No artifacts");
        artifacts.column("ID").alignRight();
        artifacts.column("Kind");
        artifacts.column("AWS id");
        artifacts.column("Region");
        artifacts.column("Resource");
        artifacts.column("Volume");
        artifacts.column("Instance");
        artifacts.column("Device");
        artifacts.column("State");
        artifacts.column("Completed");
        for (BackupArtifact a : backups.artifacts(ShellUser.caller(users), id)) {
            artifacts.addRow().addContent(a.id(), a.kind(), a.awsId(), a.region(), text(a.resourceId()),
                    text(a.volumeId()), text(a.instanceId()), text(a.device()), a.state(), times.format(a.completed()));
        }
        artifacts.print(System.out);

        List<DrCopy> copies = backups.drCopies(ShellUser.caller(users), id);
        if (!copies.isEmpty()) {
            System.out.println();
            ShellTable dr = new ShellTable();
            dr.column("DR copy of");
            dr.column("From");
            dr.column("Copy");
            dr.column("To");
            dr.column("State");
            dr.column("Completed");
            dr.column("Message").maxSize(60);
            for (DrCopy c : copies) {
                // a copy in a DR account (guide 11) names the account; one flagged cpm_deleted says so
                dr.addRow().addContent(c.sourceAwsId(), c.sourceRegion(), text(c.awsId()), c.crossAccount()
                                ? c.region() + " (DR account " + c.accountId() + ")" : c.region(),
                        c.deletedByTag() ? c.state() + " (tagged cpm_deleted)" : c.state(),
                        times.format(c.completed()), text(c.message()));
            }
            dr.print(System.out);
        }
        return null;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
