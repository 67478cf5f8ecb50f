package io.haven.shell.tags;

import io.haven.api.service.TagScanService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.ConfigurationAdmin;

/** "Scan Now" (guide 13): root only, even when scanning is off. */
@Service
@Command(scope = "haven", name = "tag-scan",
        description = "Scans the cpm backup tags of every account with Scan Resources on, now, and prints the log (root only)")
public class TagScanCommand extends HavenCommand {

    @Reference
    TagScanService tagScans;

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Override
    protected Object run() {
        TagScanLogs.print(tagScans.scanNow(ShellUser.caller(users)), new Times(ServerZone.of(configAdmin)), System.out);
        return null;
    }
}
