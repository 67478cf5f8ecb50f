package io.haven.target.ec2;

import io.haven.api.target.InvalidTargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EC2 backup options of the {@code cpm backup} tag (guide 13, "Setting Backup Options for EC2 Instances") as
 * target options: {@code only-snaps}, {@code initial-ami}, {@code only-amis} (without reboot) and
 * {@code only-amis-reboot} choose the {@link BackupMode}, at most one of them; {@code app-aware} asks for the
 * backup agent (VSS), which Haven does not have, so it is refused with that reason rather than ignored.
 */
final class TagOptions {

    static final String APP_AWARE = "app-aware";

    private TagOptions() {
    }

    static Map<String, String> toTargetOptions(List<String> tagOptions) {
        Map<String, String> options = new LinkedHashMap<>();
        String modeOption = null;
        for (String option : tagOptions) {
            Map<String, String> meaning = switch (option) {
                case "only-snaps" -> Map.of(BackupMode.OPTION, BackupMode.SNAPSHOTS.value());
                case "initial-ami" -> Map.of(BackupMode.OPTION, BackupMode.SNAPSHOTS_AND_INITIAL_AMI.value());
                case "only-amis" -> Map.of(BackupMode.OPTION, BackupMode.AMI.value());
                case "only-amis-reboot" -> Map.of(BackupMode.OPTION, BackupMode.AMI.value(), BackupOptions.REBOOT, "true");
                case APP_AWARE -> throw new InvalidTargetException("options", "app-aware needs Haven's backup agent "
                        + "(VSS), which Haven does not have; remove #app-aware from the tag");
                default -> throw new InvalidTargetException("options", "'" + option + "' is not an EC2 backup option; "
                        + "use only-snaps, initial-ami, only-amis, only-amis-reboot or app-aware");
            };
            if (modeOption != null) {
                throw new InvalidTargetException("options", "'" + modeOption + "' and '" + option + "' both choose how "
                        + "the instance is backed up; keep one");
            }
            modeOption = option;
            options.putAll(meaning);
        }
        return options;
    }
}
