package io.haven.recovery.ec2;

import io.haven.api.target.Artifact;
import io.haven.aws.ec2.EbsSnapshots;
import io.haven.aws.ec2.VolumeFacts;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A volume as one EBS snapshot artifact recorded it: what it was made from and the facts that
 * recovery offers as defaults. Facts the backup did not record are null.
 *
 * @param volumeId   the original volume
 * @param instanceId the instance it was attached to, or null
 * @param device     its device on that instance, or null
 * @param tags       its tags at backup time
 * @param encrypted  whether it was encrypted, or null when not recorded
 */
record RecordedVolume(Artifact artifact, String snapshotId, String volumeId, String instanceId, String device,
                      Integer sizeGiB, String type, Integer iops, Integer throughput, String zone,
                      Boolean deleteOnTermination, Map<String, String> tags, Boolean encrypted) {

    static final String DETAIL_INSTANCE_ID = "instanceId";
    static final String DETAIL_DEVICE = "device";
    /** The zone of the instance the volume belonged to: the fallback when the volume's own is missing. */
    static final String DETAIL_INSTANCE_ZONE = "instance.zone";

    RecordedVolume {
        tags = Map.copyOf(tags);
    }

    static RecordedVolume of(Artifact artifact) {
        Map<String, String> details = artifact.details();
        Map<String, String> tags = new LinkedHashMap<>();
        details.forEach((name, value) -> {
            if (name.startsWith(VolumeFacts.TAG_PREFIX)) {
                tags.put(name.substring(VolumeFacts.TAG_PREFIX.length()), value);
            }
        });
        String volumeId = details.getOrDefault(EbsSnapshots.DETAIL_VOLUME_ID, artifact.resourceId());
        String zone = details.getOrDefault(VolumeFacts.ZONE, details.get(DETAIL_INSTANCE_ZONE));
        String deleteOnTermination = details.get(VolumeFacts.DELETE_ON_TERMINATION);
        String encrypted = details.get(VolumeFacts.ENCRYPTED);
        return new RecordedVolume(artifact, artifact.id(), volumeId, details.get(DETAIL_INSTANCE_ID),
                details.get(DETAIL_DEVICE), number(details.get(EbsSnapshots.DETAIL_SIZE_GIB)),
                details.get(VolumeFacts.TYPE), number(details.get(VolumeFacts.IOPS)),
                number(details.get(VolumeFacts.THROUGHPUT)), zone,
                deleteOnTermination == null ? null : Boolean.valueOf(deleteOnTermination), tags,
                encrypted == null ? null : Boolean.valueOf(encrypted));
    }

    /** The same volume recovered from another snapshot of it (a copy this account owns of a shared one). */
    RecordedVolume withSnapshotId(String otherSnapshotId) {
        return new RecordedVolume(artifact, otherSnapshotId, volumeId, instanceId, device, sizeGiB, type, iops,
                throughput, zone, deleteOnTermination, tags, encrypted);
    }

    /** For example "data (vol-0123...), 100 GiB gp3, /dev/sdf of i-0abc...". */
    String label() {
        StringBuilder label = new StringBuilder();
        String name = tags.get("Name");
        label.append(name == null || name.isBlank() ? volumeId : name + " (" + volumeId + ")");
        if (sizeGiB != null) {
            label.append(", ").append(sizeGiB).append(" GiB");
            if (type != null) {
                label.append(' ').append(type);
            }
        }
        if (device != null && instanceId != null) {
            label.append(", ").append(device).append(" of ").append(instanceId);
        }
        return label.toString();
    }

    private static Integer number(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
