package io.haven.recovery.ec2;

import io.haven.api.recovery.RecoveryOption;
import java.util.ArrayList;
import java.util.List;

/** The options of an instance recovery (guide 9.2), with the backed-up instance's settings as defaults. */
final class InstanceOptions {

    static final String LAUNCH_FROM = "launchFrom";
    static final String IMAGE_ID = "imageId";
    static final String AMI_HANDLING = "amiHandling";
    static final String ROOT_VOLUME = "rootVolume";
    static final String COUNT = "count";
    static final String KEY_NAME = "keyName";
    static final String ARCHITECTURE = "architecture";
    static final String ZONE = "zone";
    static final String SUBNET_ID = "subnetId";
    static final String PRIVATE_IP = "privateIp";
    static final String PLACEMENT_GROUP = "placementGroup";
    static final String ASSIGN_PUBLIC_IP = "assignPublicIp";
    static final String SECURITY_GROUPS = "securityGroups";
    static final String USER_DATA = "userData";
    static final String PRESERVE_TAGS = "preserveTags";
    static final String INSTANCE_TYPE = "instanceType";
    static final String SHUTDOWN_BEHAVIOUR = "shutdownBehaviour";
    static final String DISABLE_API_TERMINATION = "disableApiTermination";
    static final String KERNEL_ID = "kernelId";
    static final String RAMDISK_ID = "ramdiskId";
    static final String MONITORING = "monitoring";
    static final String IAM_PROFILE = "iamProfile";
    static final String EBS_OPTIMIZED = "ebsOptimized";
    static final String TENANCY = "tenancy";
    static final String EPHEMERAL = "ephemeral";

    static final String SNAPSHOT = "snapshot";
    static final String IMAGE = "image";
    static final String DEREGISTER = "deregister";
    static final String KEEP = "keep";
    static final String REGISTER_ONLY = "register-only";
    /** rootVolume: the backup's root snapshot replaces the image's root volume after launch. */
    static final String FROM_BACKUP = "backup";
    static final int MAX_COUNT = 20;

    static final List<String> SHUTDOWN_BEHAVIOURS = List.of("stop", "terminate");
    static final List<String> ARCHITECTURES = List.of("i386", "x86_64", "arm64", "x86_64_mac", "arm64_mac");

    private InstanceOptions() {
    }

    static List<RecoveryOption> of(RecordedInstance instance) {
        boolean fromSnapshotPossible = instance.image() == null && instance.rootVolume().isPresent()
                && !instance.windows();
        List<RecoveryOption> options = new ArrayList<>();
        options.add(RecoveryOption.oneOf(LAUNCH_FROM, fromSnapshotPossible ? SNAPSHOT : IMAGE,
                "snapshot: register a new AMI from the backup's root snapshot; image: launch from an existing AMI",
                fromSnapshotPossible ? List.of(SNAPSHOT, IMAGE) : List.of(IMAGE)));
        RecoveryOption imageId = RecoveryOption.free(IMAGE_ID, instance.defaultImageId(),
                "AMI to launch from with launchFrom=image, required then (default: the backup's AMI, else the initial"
                        + " AMI, else the original one; none in a DR region, where the AMI assistant finds one)")
                .foundBy(RecoveryOption.IMAGES);
        // an AMI backup's own image is there wherever it is recovered: its copy in a DR region or account, or the
        // image shared with another account; any other AMI is bound to its account and region
        options.add(instance.image() != null ? imageId : imageId.boundToRegion());
        boolean rootInBackup = instance.image() == null && instance.rootVolume().isPresent();
        String rootDefault = rootInBackup && rootFromBackupByDefault(instance) ? FROM_BACKUP : IMAGE;
        options.add(RecoveryOption.oneOf(ROOT_VOLUME, rootDefault,
                "With launchFrom=image: backup: the root volume is made from the backup's root snapshot and replaces"
                        + " the image's after launch (the default for Windows and initial-AMI instances, guide 6);"
                        + " image: the root volume is the image's",
                rootInBackup ? List.of(FROM_BACKUP, IMAGE) : List.of(IMAGE)));
        options.add(RecoveryOption.oneOf(AMI_HANDLING, DEREGISTER,
                "With launchFrom=snapshot: deregister the new AMI after launch, keep it, or register it and launch nothing",
                List.of(DEREGISTER, KEEP, REGISTER_ONLY)));
        options.add(RecoveryOption.free(COUNT, "1", "How many instances to launch, 1 to " + MAX_COUNT));
        options.add(RecoveryOption.free(KEY_NAME, instance.setting("keyName"), "Key pair; empty: none").boundToRegion());
        options.add(RecoveryOption.oneOf(ARCHITECTURE, architecture(instance),
                "Architecture of the AMI registered from the snapshot", ARCHITECTURES));
        options.add(RecoveryOption.free(ZONE, instance.setting("zone"),
                "Availability zone; with a subnet, the subnet's zone").boundToRegion());
        options.add(RecoveryOption.free(SUBNET_ID, instance.setting("subnetId"),
                "VPC subnet; empty: the zone's default subnet").boundToRegion());
        options.add(RecoveryOption.free(PRIVATE_IP, instance.setting("privateIp"),
                "Private IPv4 address inside the subnet, one instance only; empty: assigned by AWS").boundToRegion());
        options.add(RecoveryOption.free(PLACEMENT_GROUP, instance.setting("placementGroup"), "Placement group; empty: none").boundToRegion());
        options.add(RecoveryOption.oneOf(ASSIGN_PUBLIC_IP, null,
                "Whether to give the instance a public IP; empty: as the subnet says", VolumeOptions.BOOLEAN));
        options.add(RecoveryOption.free(SECURITY_GROUPS, instance.setting("securityGroups"),
                "Security group ids, comma-separated; empty: the VPC's default group").boundToRegion());
        options.add(RecoveryOption.free(USER_DATA, null, "User data as plain text (Haven encodes it); empty: none"));
        options.add(RecoveryOption.oneOf(PRESERVE_TAGS, "true",
                "Whether the instances get the original's tags", VolumeOptions.BOOLEAN));
        options.add(RecoveryOption.free(INSTANCE_TYPE, instance.setting("type"), "Instance type, for example t3.large"));
        options.add(RecoveryOption.oneOf(SHUTDOWN_BEHAVIOUR, recorded(instance, "shutdownBehaviour", SHUTDOWN_BEHAVIOURS),
                "What an operating-system shutdown does", SHUTDOWN_BEHAVIOURS));
        options.add(RecoveryOption.oneOf(DISABLE_API_TERMINATION,
                recorded(instance, "disableApiTermination", List.of("false", "true")),
                "Whether termination through the API is disabled", VolumeOptions.BOOLEAN));
        options.add(RecoveryOption.free(EPHEMERAL, instance.setting("ephemeral"),
                "Instance-store volumes as device:virtualName, comma-separated, for example /dev/sdb:ephemeral0;"
                        + " how many the instance type has is in AWS's documentation; empty: none"));
        // in another region the AMI assistant finds an image like the original there, whose kernel and RAM disk fit
        options.add(RecoveryOption.free(KERNEL_ID, instance.setting("kernelId"), "Kernel id (paravirtual only); empty: none")
                .boundToRegion().foundBy(RecoveryOption.IMAGE_KERNELS));
        options.add(RecoveryOption.free(RAMDISK_ID, instance.setting("ramdiskId"), "RAM disk id (paravirtual only); empty: none")
                .boundToRegion().foundBy(RecoveryOption.IMAGE_RAMDISKS));
        options.add(RecoveryOption.oneOf(MONITORING, String.valueOf(monitoring(instance)),
                "Detailed CloudWatch monitoring", VolumeOptions.BOOLEAN));
        options.add(RecoveryOption.free(IAM_PROFILE, instance.setting("iamProfileArn"),
                "Instance profile ARN or name; empty: none"));
        options.add(RecoveryOption.oneOf(EBS_OPTIMIZED, String.valueOf("true".equals(instance.setting("ebsOptimized"))),
                "Whether the instance is EBS-optimised", VolumeOptions.BOOLEAN));
        options.add(RecoveryOption.oneOf(TENANCY, tenancy(instance), "Tenancy", List.of("default", "dedicated", "host")));
        String root = instance.rootDevice();
        for (RecordedVolume volume : instance.volumes()) {
            options.addAll(VolumeOptions.forInstanceVolume(volume, Devices.same(volume.device(), root)));
        }
        return options;
    }

    /**
     * Windows and initial-AMI instances launch from an image only because AWS needs one to boot them:
     * their system drive must still be the backup's, not the image's (which can be 90 days old).
     */
    private static boolean rootFromBackupByDefault(RecordedInstance instance) {
        return instance.windows() || instance.fact("initialAmiId") != null;
    }

    /** The original's setting when the backup recorded it, else the first allowed value (AWS's default). */
    private static String recorded(RecordedInstance instance, String setting, List<String> allowed) {
        String value = instance.setting(setting);
        return value != null && allowed.contains(value) ? value : allowed.get(0);
    }

    private static String architecture(RecordedInstance instance) {
        String architecture = instance.setting("architecture");
        if (architecture == null) {
            architecture = instance.fact("image.architecture");
        }
        return architecture == null || !ARCHITECTURES.contains(architecture) ? "x86_64" : architecture;
    }

    /** Recorded as EC2's monitoring state: enabled or pending count as on. */
    private static boolean monitoring(RecordedInstance instance) {
        String state = instance.setting("monitoring");
        return "enabled".equals(state) || "pending".equals(state) || "true".equals(state);
    }

    private static String tenancy(RecordedInstance instance) {
        String tenancy = instance.setting("tenancy");
        return tenancy == null || !List.of("default", "dedicated", "host").contains(tenancy) ? "default" : tenancy;
    }
}
