package io.haven.shell.tags;

import io.haven.api.model.Caller;
import io.haven.api.model.TagScanSettings;
import io.haven.api.service.TagScanService;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Root's tag scan settings (guide 13): shown, or changed with the options given. */
@Service
@Command(scope = "haven", name = "tag-scan-settings",
        description = "Shows or changes whether tag scans run on their own and how many hours apart (root only)")
public class TagScanSettingsCommand extends HavenCommand {

    @Reference
    TagScanService tagScans;

    @Reference
    UserService users;

    @Option(name = "--enable", description = "Scan automatically every interval")
    boolean enable;

    @Option(name = "--disable", description = "Scan only when asked (haven:tag-scan)")
    boolean disable;

    @Option(name = "--interval", description = "Hours between automatic scans (1 to 720)")
    Integer interval;

    @Override
    protected Object run() {
        if (enable && disable) {
            throw new ValidationException("enabled", "Give --enable or --disable, not both");
        }
        Caller caller = ShellUser.caller(users);
        TagScanSettings settings = tagScans.settings(caller);
        if (enable || disable || interval != null) {
            settings = tagScans.updateSettings(caller, new TagScanSettings(enable || (!disable && settings.enabled()),
                    interval == null ? settings.intervalHours() : interval));
        }
        System.out.println("Tag scanning " + (settings.enabled() ? "on" : "off") + ", every " + settings.intervalHours()
                + " hours");
        return null;
    }
}
