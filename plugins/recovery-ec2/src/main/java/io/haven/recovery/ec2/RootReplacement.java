package io.haven.recovery.ec2;

import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryProgress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumeResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMappingSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Puts the backup's root volume under an instance launched from an image (guide 6 and 9.2): Windows
 * and initial-AMI instances need an AMI to boot, but their system drive must be the backup's, not
 * the image's. CreateReplaceRootVolumeTask cannot do it: it restores only snapshots of the
 * instance's own root-volume lineage, and a new instance has none. So, per instance: a volume from
 * the backup's root snapshot in the instance's zone (with the chosen size, type, IOPS, throughput
 * and tags; encrypted like the original), stop, detach the image's root volume, attach the new one
 * at the root device, keep the chosen delete-on-termination, delete the image's volume, start.
 * Every step is logged; a failure stops there, and what exists is reported.
 */
final class RootReplacement {

    private RootReplacement() {
    }

    static void replace(Ec2Client ec2, String region, List<String> instanceIds, VolumeMapping root,
                        RecoveryProgress progress) {
        for (String instanceId : instanceIds) {
            replaceOne(ec2, region, instanceId, root, progress);
        }
    }

    private static void replaceOne(Ec2Client ec2, String region, String instanceId, VolumeMapping root,
                                   RecoveryProgress progress) {
        // AWS stops only running instances; a launch is pending first
        Waits.instancesRunning(ec2, List.of(instanceId));
        Instance instance = describe(ec2, instanceId);
        String device = instance.rootDeviceName();
        String zone = instance.placement().availabilityZone();
        String imageRoot = Devices.volumeAt(instance, device).orElseThrow(() -> new IllegalStateException(
                "Instance " + instanceId + " shows no volume at its root device " + device));
        String snapshotId = root.volume().snapshotId();
        VolumeSpec spec = root.spec();
        CreateVolumeResponse created = ec2.createVolume(b -> b
                .snapshotId(snapshotId)
                .availabilityZone(zone)
                .size(spec.sizeGiB())
                .volumeType(spec.type())
                .iops(spec.iops())
                .throughput(spec.throughput())
                .encrypted(Boolean.TRUE.equals(root.volume().encrypted()) ? Boolean.TRUE : null)
                .clientToken(UUID.randomUUID().toString())
                .tagSpecifications(TagLists.specification(ResourceType.VOLUME, spec.tags())));
        String volumeId = created.volumeId();
        progress.created(resource(region, volumeId, instanceId, device, snapshotId));
        progress.log("Created root volume " + volumeId + " for " + instanceId + " from the backup's snapshot "
                + snapshotId + " in " + zone);

        ec2.stopInstances(b -> b.instanceIds(instanceId));
        progress.log("Stopping " + instanceId + " to replace its root volume " + imageRoot + " (the image's)");
        Waits.instancesStopped(ec2, List.of(instanceId));
        ec2.detachVolume(b -> b.volumeId(imageRoot).instanceId(instanceId).device(device));
        Waits.volumeAvailable(ec2, imageRoot);
        Waits.volumeAvailable(ec2, volumeId);
        ec2.attachVolume(b -> b.volumeId(volumeId).instanceId(instanceId).device(device));
        // an attached volume stays after termination unless told otherwise
        ec2.modifyInstanceAttribute(b -> b.instanceId(instanceId).blockDeviceMappings(
                InstanceBlockDeviceMappingSpecification.builder().deviceName(device)
                        .ebs(ebs -> ebs.volumeId(volumeId).deleteOnTermination(root.deleteOnTermination())).build()));
        progress.log("Attached " + volumeId + " to " + instanceId + " as its root device " + device);
        ec2.deleteVolume(b -> b.volumeId(imageRoot));
        progress.removed(new RecoveredResource(VolumeRecovery.KIND, imageRoot, region,
                Map.of("instanceId", instanceId, "device", device, "replacedBy", volumeId)));
        progress.log("Deleted the image's root volume " + imageRoot);
        ec2.startInstances(b -> b.instanceIds(instanceId));
        progress.log("Starting " + instanceId + " with the backup's root volume");
    }

    private static RecoveredResource resource(String region, String volumeId, String instanceId, String device,
                                              String snapshotId) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("snapshotId", snapshotId);
        details.put(ResourcePoller.ATTACH_TO, instanceId);
        details.put("device", device);
        details.put("root", "true");
        return new RecoveredResource(VolumeRecovery.KIND, volumeId, region, details);
    }

    private static Instance describe(Ec2Client ec2, String instanceId) {
        return ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Instance " + instanceId + " no longer exists"));
    }
}
