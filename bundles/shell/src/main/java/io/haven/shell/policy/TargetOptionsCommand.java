package io.haven.shell.policy;

import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * The target options as the target commands take them (haven:policy-target-add and haven:policy-target-update, which
 * inherit the flags; Karaf reads a command's options from its superclasses too): the EC2 flags in the shell's words,
 * and any option of any type as {@code --option name=value}. The type judges them; this only puts them in the form the
 * API takes.
 */
abstract class TargetOptionsCommand extends HavenCommand {

    @Option(name = "--volumes", description = "EC2 instances: all (default), include or exclude the --devices")
    @Completion(value = StringsCompleter.class, values = {"all", "include", "exclude"})
    String volumes;

    @Option(name = "--devices", multiValued = true,
            description = "EC2 instances: device names for --volumes include/exclude, e.g. /dev/sdf; repeatable or comma-separated")
    List<String> devices;

    @Option(name = "--backup-mode", description = "EC2 instances: snapshots, snapshots-and-initial-ami or ami "
            + "(default: snapshots-and-initial-ami for Windows, else snapshots)")
    @Completion(value = StringsCompleter.class, values = {"snapshots", "snapshots-and-initial-ami", "ami"})
    String backupMode;

    @Option(name = "--reboot", description = "EC2 instances with --backup-mode ami: let EC2 reboot the instance for a "
            + "consistent image (default: no reboot)")
    boolean reboot;

    @Option(name = "--option", multiValued = true, description = "Any other option of the target type as name=value "
            + "(see haven:target-types); repeatable")
    List<String> extra;

    /** The options the flags give, as the API takes them. */
    protected Map<String, String> options() {
        return of(extra, backupMode, reboot, volumes, devices);
    }

    static Map<String, String> of(List<String> extra, String backupMode, boolean reboot, String volumes,
                                  List<String> devices) {
        Map<String, String> options = new LinkedHashMap<>();
        if (extra != null) {
            for (String pair : extra) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ValidationException("option", "Write an option as name=value, not '" + pair + "'");
                }
                options.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        if (backupMode != null) {
            options.put("backupMode", backupMode);
        }
        if (reboot) {
            options.put("reboot", "true");
        }
        if (volumes != null) {
            options.put("volumes", volumes);
        }
        if (devices != null && !devices.isEmpty()) {
            options.put("devices", String.join(",", devices));
        }
        return options;
    }
}
