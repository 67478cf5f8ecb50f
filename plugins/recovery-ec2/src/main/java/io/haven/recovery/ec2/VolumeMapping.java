package io.haven.recovery.ec2;

import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;

/** A backed-up volume as the recovered instance will have it: at which device, with which settings. */
record VolumeMapping(RecordedVolume volume, String device, VolumeSpec spec, boolean deleteOnTermination, boolean root) {

    VolumeMapping withSnapshotId(String snapshotId) {
        return new VolumeMapping(volume.withSnapshotId(snapshotId), device, spec, deleteOnTermination, root);
    }

    BlockDeviceMapping toBlockDeviceMapping() {
        return BlockDeviceMapping.builder()
                .deviceName(device)
                .ebs(ebs -> ebs.snapshotId(volume.snapshotId())
                        .volumeSize(spec.sizeGiB())
                        .volumeType(spec.type())
                        .iops(spec.iops())
                        .throughput(spec.throughput())
                        .deleteOnTermination(deleteOnTermination))
                .build();
    }
}
