package io.haven.target.ec2;

import io.haven.api.target.InvalidTargetException;
import java.util.Arrays;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Instance;

/** How an instance is backed up (guide 4.2.4, "Backup Options"), the value of option {@value #OPTION}. */
enum BackupMode {
    /** One EBS snapshot per selected volume. */
    SNAPSHOTS("snapshots"),
    /** Snapshots, plus one root-device-only AMI per instance kept outside the backups and rotated. */
    SNAPSHOTS_AND_INITIAL_AMI("snapshots-and-initial-ami"),
    /** One AMI of the whole instance per backup, instead of snapshots. */
    AMI("ami");

    static final String OPTION = "backupMode";
    static final String FIELD = "options." + OPTION;

    private final String value;

    BackupMode(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }

    static BackupMode parse(String value) {
        String wanted = value.strip();
        return Arrays.stream(values())
                .filter(mode -> mode.value.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new InvalidTargetException(FIELD, "'" + OPTION + "' must be one of "
                        + Arrays.stream(values()).map(BackupMode::value).collect(Collectors.joining(", "))
                        + ", not '" + value + "'"));
    }

    /** The guide's defaults: an initial AMI for Windows instances (their recovery needs one), snapshots for the rest. */
    static BackupMode defaultFor(Instance instance) {
        return Platforms.isWindows(instance.platformAsString()) ? SNAPSHOTS_AND_INITIAL_AMI : SNAPSHOTS;
    }
}
