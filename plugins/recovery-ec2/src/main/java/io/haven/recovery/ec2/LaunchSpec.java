package io.haven.recovery.ec2;

import static io.haven.recovery.ec2.InstanceOptions.*;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.aws.recovery.RecoveryChoices;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An instance recovery's choices, read and checked for what can be checked without AWS: syntax,
 * ranges and the rules between options. Defaults that no longer fit another choice (the original
 * private address when several instances are launched) are dropped with a note; the same value
 * chosen explicitly is refused.
 *
 * @param imageId  the AMI to launch from with launchFrom=image, else null
 * @param volumes  the volumes to map: with launchFrom=snapshot the root and the chosen data
 *                 volumes, with launchFrom=image the chosen data volumes
 * @param excluded devices of the backup that the user chose not to recover
 * @param ephemeral instance-store volumes to map
 * @param rootReplacement with launchFrom=image and rootVolume=backup, the backup's root volume that
 *                 replaces the image's after launch ({@link RootReplacement}); else null
 * @param tags     the instance tags to set (empty when not preserved)
 */
record LaunchSpec(boolean fromSnapshot, String imageId, String amiHandling, int count, String keyName,
                  String architecture, String virtualizationType, String rootDevice, Network network,
                  String placementGroup, String userData, Map<String, String> tags, String instanceType,
                  String shutdownBehaviour, boolean disableApiTermination, String kernelId, String ramdiskId,
                  boolean monitoring, String iamProfile, boolean ebsOptimized, String tenancy,
                  List<VolumeMapping> volumes, List<String> excluded, List<EphemeralMapping> ephemeral,
                  VolumeMapping rootReplacement) {

    private static final Pattern INSTANCE_TYPE_NAME = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
    private static final Pattern PROFILE = Pattern.compile(
            "arn:aws[a-z-]*:iam::\\d{12}:instance-profile/[\\w+=,.@/-]+|[\\w+=,.@-]{1,128}");
    private static final int MAX_USER_DATA_BYTES = 16 * 1024;
    private static final int MAX_NAME = 255;

    LaunchSpec {
        tags = Map.copyOf(tags);
        volumes = List.copyOf(volumes);
        excluded = List.copyOf(excluded);
        ephemeral = List.copyOf(ephemeral);
    }

    boolean registerOnly() {
        return fromSnapshot && REGISTER_ONLY.equals(amiHandling);
    }

    boolean deregisterAfterLaunch() {
        return fromSnapshot && DEREGISTER.equals(amiHandling);
    }

    LaunchSpec withNetwork(Network newNetwork) {
        return new LaunchSpec(fromSnapshot, imageId, amiHandling, count, keyName, architecture, virtualizationType,
                rootDevice, newNetwork, placementGroup, userData, tags, instanceType, shutdownBehaviour,
                disableApiTermination, kernelId, ramdiskId, monitoring, iamProfile, ebsOptimized, tenancy, volumes,
                excluded, ephemeral, rootReplacement);
    }

    LaunchSpec withVolumes(List<VolumeMapping> newVolumes) {
        return new LaunchSpec(fromSnapshot, imageId, amiHandling, count, keyName, architecture, virtualizationType,
                rootDevice, network, placementGroup, userData, tags, instanceType, shutdownBehaviour,
                disableApiTermination, kernelId, ramdiskId, monitoring, iamProfile, ebsOptimized, tenancy, newVolumes,
                excluded, ephemeral, rootReplacement);
    }

    /** @param notes where defaults that were dropped are explained */
    static LaunchSpec read(RecoveryChoices choices, RecordedInstance instance, List<String> notes) {
        boolean fromSnapshot = SNAPSHOT.equals(choices.textOrDefault(LAUNCH_FROM));
        if (fromSnapshot && instance.windows()) {
            throw new InvalidRecoveryException(LAUNCH_FROM, "AWS does not boot Windows from an AMI registered from a "
                    + "snapshot: launch it from an image (the initial AMI by default)");
        }
        if (fromSnapshot && instance.rootVolume().isEmpty()) {
            throw new InvalidRecoveryException(LAUNCH_FROM, "The backup holds no snapshot of the root device "
                    + instance.rootDevice() + ": launch from an image");
        }
        String imageId = fromSnapshot ? null : Ids.checked(IMAGE_ID, Ids.IMAGE, choices.text(IMAGE_ID).orElseThrow(
                () -> new InvalidRecoveryException(IMAGE_ID, "imageId is required to launch from an image")),
                "ami-0123456789abcdef0");
        String amiHandling = choices.textOrDefault(AMI_HANDLING);
        if (!fromSnapshot && REGISTER_ONLY.equals(amiHandling)) {
            throw new InvalidRecoveryException(AMI_HANDLING, "amiHandling=register-only needs launchFrom=snapshot: "
                    + "launching from an image registers no AMI");
        }
        int count = choices.integer(COUNT, 1, MAX_COUNT).orElse(1);
        String keyName = choices.text(KEY_NAME).map(name -> limited(KEY_NAME, name)).orElse(null);
        String instanceType = choices.text(INSTANCE_TYPE).orElseThrow(() -> new InvalidRecoveryException(INSTANCE_TYPE,
                "instanceType is required: the backup did not record one"));
        if (!INSTANCE_TYPE_NAME.matcher(instanceType).matches()) {
            throw new InvalidRecoveryException(INSTANCE_TYPE, "'" + instanceType + "' is not an instance type such as t3.large");
        }
        String kernelId = choices.text(KERNEL_ID)
                .map(id -> Ids.checked(KERNEL_ID, Ids.KERNEL, id, "aki-0123456789abcdef0")).orElse(null);
        String ramdiskId = choices.text(RAMDISK_ID)
                .map(id -> Ids.checked(RAMDISK_ID, Ids.RAMDISK, id, "ari-0123456789abcdef0")).orElse(null);
        String iamProfile = choices.text(IAM_PROFILE).orElse(null);
        if (iamProfile != null && !PROFILE.matcher(iamProfile).matches()) {
            throw new InvalidRecoveryException(IAM_PROFILE, "'" + iamProfile + "' is neither an instance profile ARN "
                    + "(arn:aws:iam::123456789012:instance-profile/NAME) nor a profile name");
        }
        String userData = choices.text(USER_DATA).orElse(null);
        if (userData != null && userData.getBytes(StandardCharsets.UTF_8).length > MAX_USER_DATA_BYTES) {
            throw new InvalidRecoveryException(USER_DATA, "User data is limited to 16 KB");
        }
        String placementGroup = choices.text(PLACEMENT_GROUP).map(name -> limited(PLACEMENT_GROUP, name)).orElse(null);
        Map<String, String> tags = choices.flag(PRESERVE_TAGS, true) ? instance.tags() : Map.of();
        String virtualization = Optional.ofNullable(instance.setting("virtualizationType"))
                .or(() -> Optional.ofNullable(instance.fact("image.virtualizationType"))).orElse("hvm");
        List<VolumeMapping> volumes = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        readVolumes(choices, instance, fromSnapshot, volumes, excluded);
        List<EphemeralMapping> ephemeral = ephemeral(choices, instance, volumes);
        VolumeMapping rootReplacement = !fromSnapshot && FROM_BACKUP.equals(choices.textOrDefault(ROOT_VOLUME))
                ? rootMapping(choices, instance) : null;
        return new LaunchSpec(fromSnapshot, imageId, amiHandling, count, keyName, choices.textOrDefault(ARCHITECTURE),
                virtualization, instance.rootDevice(), network(choices, count, notes), placementGroup, userData, tags,
                instanceType, choices.textOrDefault(SHUTDOWN_BEHAVIOUR), choices.flag(DISABLE_API_TERMINATION, false),
                kernelId, ramdiskId, choices.flag(MONITORING, false), iamProfile, choices.flag(EBS_OPTIMIZED, false),
                choices.textOrDefault(TENANCY), volumes, excluded, ephemeral, rootReplacement);
    }

    /** The instance-store mappings, on devices that neither the root nor a recovered volume takes. */
    private static List<EphemeralMapping> ephemeral(RecoveryChoices choices, RecordedInstance instance,
                                                    List<VolumeMapping> volumes) {
        List<EphemeralMapping> ephemeral = EphemeralMapping.parse(EPHEMERAL, choices.text(EPHEMERAL).orElse(null));
        for (EphemeralMapping mapping : ephemeral) {
            if (Devices.same(mapping.device(), instance.rootDevice())
                    || volumes.stream().anyMatch(volume -> Devices.same(volume.device(), mapping.device()))) {
                throw new InvalidRecoveryException(EPHEMERAL, "Device " + mapping.device()
                        + " already takes a volume of the backup");
            }
        }
        return ephemeral;
    }

    /** The backup's root volume with its chosen settings; deleted with the instance unless chosen otherwise. */
    private static VolumeMapping rootMapping(RecoveryChoices choices, RecordedInstance instance) {
        RecordedVolume root = instance.rootVolume().orElseThrow(() -> new InvalidRecoveryException(ROOT_VOLUME,
                "The backup holds no snapshot of the root device " + instance.rootDevice() + ": rootVolume=image"));
        String prefix = VolumeOptions.prefix(root.device());
        return new VolumeMapping(root, instance.rootDevice(), VolumeSpec.read(choices, prefix, root),
                choices.flag(prefix + VolumeOptions.DELETE_ON_TERMINATION, true), true);
    }

    private static void readVolumes(RecoveryChoices choices, RecordedInstance instance, boolean fromSnapshot,
                                    List<VolumeMapping> volumes, List<String> excluded) {
        if (fromSnapshot) {
            volumes.add(rootMapping(choices, instance));
        }
        for (RecordedVolume volume : instance.dataVolumes()) {
            String prefix = VolumeOptions.prefix(volume.device());
            if (!choices.flag(prefix + VolumeOptions.RECOVER, true)) {
                excluded.add(volume.device());
                continue;
            }
            String deviceField = prefix + VolumeOptions.DEVICE;
            String device = Devices.checked(deviceField, choices.text(deviceField).orElseThrow(
                    () -> new InvalidRecoveryException(deviceField, deviceField + " is required")));
            if (Devices.same(device, instance.rootDevice())) {
                throw new InvalidRecoveryException(deviceField, device + " is the root device");
            }
            for (VolumeMapping other : volumes) {
                if (Devices.same(device, other.device())) {
                    throw new InvalidRecoveryException(deviceField, "Two volumes cannot both be " + device);
                }
            }
            volumes.add(new VolumeMapping(volume, device, VolumeSpec.read(choices, prefix, volume),
                    choices.flag(prefix + VolumeOptions.DELETE_ON_TERMINATION, false), false));
        }
    }

    private static Network network(RecoveryChoices choices, int count, List<String> notes) {
        String subnetId = choices.text(SUBNET_ID)
                .map(id -> Ids.checked(SUBNET_ID, Ids.SUBNET, id, "subnet-0123456789abcdef0")).orElse(null);
        List<String> groups = choices.list(SECURITY_GROUPS);
        groups.forEach(group -> Ids.checked(SECURITY_GROUPS, Ids.SECURITY_GROUP, group, "sg-0123456789abcdef0"));
        Boolean publicIp = choices.flag(ASSIGN_PUBLIC_IP).orElse(null);
        if (publicIp != null && subnetId == null) {
            throw new InvalidRecoveryException(ASSIGN_PUBLIC_IP, "assignPublicIp needs subnetId");
        }
        String privateIp = choices.text(PRIVATE_IP).orElse(null);
        if (privateIp != null) {
            boolean chosen = choices.isChosen(PRIVATE_IP);
            if (Cidr.address(privateIp).isEmpty()) {
                throw new InvalidRecoveryException(PRIVATE_IP, "'" + privateIp + "' is not an IPv4 address");
            }
            String conflict = subnetId == null ? "needs subnetId"
                    : count > 1 ? "can be given to one instance only, and count is " + count : null;
            if (conflict != null && chosen) {
                throw new InvalidRecoveryException(PRIVATE_IP, "privateIp " + conflict);
            }
            if (conflict != null) {
                notes.add("The original private IP " + privateIp + " is not used: it " + conflict + ".");
                privateIp = null;
            }
        }
        return new Network(choices.text(ZONE).orElse(null), subnetId, privateIp, groups, publicIp);
    }

    private static String limited(String field, String value) {
        if (value.length() > MAX_NAME) {
            throw new InvalidRecoveryException(field, field + " is at most " + MAX_NAME + " characters");
        }
        return value;
    }
}
