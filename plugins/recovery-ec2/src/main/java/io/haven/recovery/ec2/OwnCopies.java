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
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The copies an account makes of snapshots another account shared with it before it registers an AMI from them
 * (an instance recovered into another account, guide 10.5; decision 52). AWS lets an account create volumes from a
 * snapshot shared with it and copy it, but registers images only from snapshots it owns. Each copy is made in the
 * recovery's region by CopySnapshot, tagged at creation with its source ({@value HavenTags#COPY_OF}), the instance
 * it recovers ({@value ImageRegistration#RECOVERY_OF_TAG}), the recovery ({@value LostAnswers#RECOVERY_TAG}) and a
 * Name, recorded as a created resource and waited for.
 * A snapshot sealed with a customer key is copied with the account's default EBS key (the owner must have shared
 * the key, guide 11). The copies hold the AMI: they are deleted with a temporary one, and stay with one that is kept.
 */
final class OwnCopies {

    static final String KIND = "snapshot";
    /** The recorded copy's detail naming its source. */
    static final String COPY_OF = "copyOf";

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

    /** Copies an earlier start made (shared snapshot id to copy id), to be deleted or kept as this start's. */
    static OwnCopies adopted(CloudContext ctx, Map<String, String> copies) {
        return new OwnCopies(ctx.client(Ec2Client.class), ctx.region(), new LinkedHashMap<>(copies));
    }

    /**
     * Copies, one by one, the volumes' snapshots that the context's account does not own and that have no copy yet
     * ({@code earlier}: made by a start that Haven's stop cut short, decision 0054); waits until all are done. A copy
     * that fails or is gone deletes them all and throws.
     */
    static OwnCopies make(CloudContext ctx, String instanceId, List<VolumeMapping> volumes, Map<String, String> earlier,
                          RecoveryProgress progress) {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        OwnCopies made = adopted(ctx, earlier);
        made.copies.forEach((source, copy) -> progress.log("Going on with snapshot copy " + copy + " of " + source
                + ", made before Haven stopped"));
        List<String> ids = volumes.stream().map(v -> v.volume().snapshotId()).distinct().toList();
        if (ids.isEmpty()) {
            return made;
        }
        String account = ctx.awsAccountId();
        // snapshots recorded as this account's (the backup's originals in their own account) need no DescribeSnapshots
        Set<String> owned = volumes.stream().allMatch(v -> account.equals(v.volume().artifact().detail(
                EbsSnapshots.DETAIL_OWNER_ID))) ? Set.copyOf(ids) : new Ec2Lookups(ec2).owned(account, ids);
        try {
            earlier.forEach(made::requireUsable);
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
            if (!earlier.isEmpty()) {
                progress.log("The snapshot copies cannot be used (" + e.getMessage() + "): the recovery cannot go on");
            }
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
        tags.put(LostAnswers.RECOVERY_TAG, LostAnswers.tagValue(progress));
        String copyId = ec2.copySnapshot(b -> {
            b.sourceSnapshotId(source).sourceRegion(region)
                    .description("Haven recovery of " + instanceId + ": copy of shared snapshot " + source)
                    .tagSpecifications(TagLists.specification(ResourceType.SNAPSHOT, tags));
            if (Boolean.TRUE.equals(volume.encrypted())) {
                b.encrypted(true); // no key named: the account's default EBS key
            }
        }).snapshotId();
        progress.created(new RecoveredResource(KIND, copyId, region, Map.of(COPY_OF, source, "fromInstance", instanceId)));
        progress.log("Snapshot " + source + " belongs to another account, which shared it: AWS registers images only"
                + " from snapshots the account owns, so AWS " + awsAccountId + " copied it as " + copyId);
        return copyId;
    }

    /** An earlier start's copy must still be there and not failed, or nothing can be registered from it. */
    private void requireUsable(String source, String copy) {
        String state = new Ec2Lookups(ec2).snapshotState(copy);
        if (Ec2Lookups.GONE.equals(state) || "error".equals(state)) {
            throw new IllegalStateException("snapshot copy " + copy + " of " + source + ", made before Haven stopped, "
                    + (Ec2Lookups.GONE.equals(state) ? "no longer exists" : "failed"));
        }
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
            } catch (Ec2Exception e) {
                if (notFound(e)) { // a copy deleted by hand or never finished: nothing is left of it
                    progress.removed(new RecoveredResource(KIND, copy, region, Map.of("reason", "gone")));
                    progress.log("The temporary snapshot copy " + copy + " no longer exists");
                } else {
                    kept.add(copy + " (" + e.getMessage() + ")");
                }
            } catch (SdkException e) {
                kept.add(copy + " (" + e.getMessage() + ")");
            }
        }
        if (!kept.isEmpty()) {
            progress.log("Could not delete the temporary snapshot copies " + String.join(", ", kept)
                    + ", delete them by hand");
        }
    }

    private static boolean notFound(Ec2Exception e) {
        return e.awsErrorDetails() != null && "InvalidSnapshot.NotFound".equals(e.awsErrorDetails().errorCode());
    }

    /** Says in the log that the copies stay, holding the AMI that is kept. */
    void keptWith(String imageId, RecoveryProgress progress) {
        if (any()) {
            progress.log("The snapshot copies " + String.join(", ", copies.values()) + " hold AMI " + imageId
                    + " and stay with it; delete them once it is deregistered");
        }
    }
}
