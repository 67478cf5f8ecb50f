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

/** The log of the last tag scan of each account (guide 13, "Troubleshooting"). */
@Service
@Command(scope = "haven", name = "tag-scan-log", description = "Shows the log of the last tag scan of each account (root only)")
public class TagScanLogCommand extends HavenCommand {

    @Reference
    TagScanService tagScans;

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Override
    protected Object run() {
        TagScanLogs.print(tagScans.lastScans(ShellUser.caller(users)), new Times(ServerZone.of(configAdmin)), System.out);
        return null;
    }
}
