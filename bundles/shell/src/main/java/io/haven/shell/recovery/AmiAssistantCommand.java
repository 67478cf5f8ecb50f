package io.haven.shell.recovery;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.service.RecoveryService;
import io.haven.api.target.Resource;
import io.haven.shell.HavenCommand;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** The AMI assistant (guide 9.2.3): the instance's original AMI as recorded, and AMIs like it in a region. */
@Service
@Command(scope = "haven", name = "ami-assistant", description = "Shows an instance's original AMI and finds matching AMIs")
public class AmiAssistantCommand extends HavenCommand {

    @Reference
    RecoveryService recoveries;

    @Reference
    UserService users;

    @Argument(index = 0, name = "backup", description = "The backup's id", required = true)
    long backupId;

    @Argument(index = 1, name = "instance", description = "The instance's key in the recovery panel", required = true)
    String key;

    @Option(name = "--region", description = "Search this region (default: the backup's; with --dr-account, the region "
            + "of its copies)")
    String region;

    @Option(name = "--dr-account", description = "Search this DR account (its id), for a recovery there from the "
            + "backup's copies (guide 11.5)")
    Long drAccount;

    @Option(name = "--target-account", description = "Search this other account (its id), for a recovery there after "
            + "sharing the snapshots (guide 10.5)")
    Long targetAccount;

    @Option(name = "--exact", description = "Only the very same AMI, not similar ones")
    boolean exact;

    @Override
    protected Object run() {
        // read where the search runs: a DR account's copies may hold the only record (originals not kept)
        Map<String, String> recorded = recoveries.recordedImage(ShellUser.caller(users), backupId, key, region,
                drAccount, targetAccount);
        System.out.println("Original AMI as recorded at backup time:");
        recorded.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.println("  " + e.getKey() + ": " + e.getValue()));
        ShellTable table = new ShellTable().emptyTableText("No matching AMI in this region");
        table.column("AMI");
        table.column("Match");
        table.column("Name").maxSize(60);
        // what an instance launched from its root snapshot in another region needs (guide 10.5)
        table.column("Kernel");
        table.column("RAM disk");
        for (Resource image : recoveries.searchImages(ShellUser.caller(users), backupId, key, region, drAccount,
                targetAccount, exact)) {
            table.addRow().addContent(image.id(), image.attributes().getOrDefault("match", ""), image.name(),
                    image.attributes().getOrDefault("kernelId", ""), image.attributes().getOrDefault("ramdiskId", ""));
        }
        table.print(System.out);
        return null;
    }
}
