package io.haven.recovery.ec2;

import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryProgress;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.aws.ec2.EbsSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The copies an account makes of snapshots another account shared with it before it registers an AMI from them
 * (an instance recovered into another account, guide 10.5; decision 52). AWS lets an account create volumes from a
 * snapshot shared with it and copy it, but registers images only from snapshots it owns. Each copy is made in the
 * recovery's region by CopySnapshot, tagged at creation with its source ({@value HavenTags#COPY_OF}), the instance
 * it recovers ({@value ImageRegistration#RECOVERY_OF_TAG}) and a Name, recorded as a created resource and waited for.
 * A snapshot sealed with a customer key is copied with the account's default EBS key (the owner must have shared
 * the key, guide 11). The copies hold the AMI: they are deleted with a temporary one, and stay with one that is kept.
 */
final class OwnCopies {

    static final String KIND = "snapshot";

    private final Ec2Client ec2;
    private final String region;
    /** Shared snapshot id to the copy's. */
    private final Map<String, String> copies;

    private OwnCopies(Ec2Client ec2, String region, Map<String, String> copies) {
        this.ec2 = ec2;
        this.region = region;
        this.copies = copies;
    }

    static OwnCopies none(CloudContext ctx) {
        return new OwnCopies(ctx.client(Ec2Client.class), ctx.region(), Map.of());
    }

    /** Copies, one by one, the volumes' snapshots that the context's account does not own; waits until all are done. */
    static OwnCopies make(CloudContext ctx, String instanceId, List<VolumeMapping> volumes, RecoveryProgress progress) {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        OwnCopies made = new OwnCopies(ec2, ctx.region(), new LinkedHashMap<>());
        List<String> ids = volumes.stream().map(v -> v.volume().snapshotId()).distinct().toList();
        if (ids.isEmpty()) {
            return made;
        }
        String account = ctx.awsAccountId();
        // snapshots recorded as this account's (the backup's originals in their own account) need no DescribeSnapshots
        Set<String> owned = volumes.stream().allMatch(v -> account.equals(v.volume().artifact().detail(
                EbsSnapshots.DETAIL_OWNER_ID))) ? Set.copyOf(ids) : new Ec2Lookups(ec2).owned(account, ids);
        try {
            for (VolumeMapping mapping : volumes) {
                String source = mapping.volume().snapshotId();
                if (!owned.contains(source) && !made.copies.containsKey(source)) {
                    made.copies.put(source, made.copy(instanceId, mapping.volume(), ctx.awsAccountId(), progress));
                }
            }
            if (!made.copies.isEmpty()) {
                Waits.snapshotsCompleted(ec2, List.copyOf(made.copies.values()));
                made.copies.values().forEach(copy -> progress.log("Snapshot copy " + copy + " is completed"));
            }
        } catch (RuntimeException e) {
            made.delete(progress);
            throw e;
        }
        return made;
    }

    private String copy(String instanceId, RecordedVolume volume, String awsAccountId, RecoveryProgress progress) {
        String source = volume.snapshotId();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", "haven-recovery-" + instanceId + "-" + volume.volumeId());
        tags.put(HavenTags.COPY_OF, source);
        tags.put(ImageRegistration.RECOVERY_OF_TAG, instanceId);
        String copyId = ec2.copySnapshot(b -> {
            b.sourceSnapshotId(source).sourceRegion(region)
                    .description("Haven recovery of " + instanceId + ": copy of shared snapshot " + source)
                    .tagSpecifications(TagLists.specification(ResourceType.SNAPSHOT, tags));
            if (Boolean.TRUE.equals(volume.encrypted())) {
                b.encrypted(true); // no key named: the account's default EBS key
            }
        }).snapshotId();
        progress.created(new RecoveredResource(KIND, copyId, region, Map.of("copyOf", source, "fromInstance", instanceId)));
        progress.log("Snapshot " + source + " belongs to another account, which shared it: AWS registers images only"
                + " from snapshots the account owns, so AWS " + awsAccountId + " copied it as " + copyId);
        return copyId;
    }

    boolean any() {
        return !copies.isEmpty();
    }

    /** The volumes, each from this account's copy where it has one. */
    List<VolumeMapping> applyTo(List<VolumeMapping> volumes) {
        return volumes.stream().map(v -> copies.containsKey(v.volume().snapshotId())
                ? v.withSnapshotId(copies.get(v.volume().snapshotId())) : v).toList();
    }

    /** Deletes the copies (the AMI they held is gone, or was never made); one that stays is named in the log. */
    void delete(RecoveryProgress progress) {
        List<String> kept = new ArrayList<>();
        for (String copy : copies.values()) {
            try {
                ec2.deleteSnapshot(b -> b.snapshotId(copy));
                progress.removed(new RecoveredResource(KIND, copy, region, Map.of("reason", "temporary copy")));
                progress.log("Deleted the temporary snapshot copy " + copy);
            } catch (SdkException e) {
                kept.add(copy + " (" + e.getMessage() + ")");
            }
        }
        if (!kept.isEmpty()) {
            progress.log("Could not delete the temporary snapshot copies " + String.join(", ", kept)
                    + ", delete them by hand");
        }
    }

    /** Says in the log that the copies stay, holding the AMI that is kept. */
    void keptWith(String imageId, RecoveryProgress progress) {
        if (any()) {
            progress.log("The snapshot copies " + String.join(", ", copies.values()) + " hold AMI " + imageId
                    + " and stay with it; delete them once it is deregistered");
        }
    }
}
