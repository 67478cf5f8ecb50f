package io.haven.target.ebs;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.CopyRequest;
import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.LimitCategory;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetNotFoundException;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetStart;
import io.haven.api.target.TargetType;
import io.haven.aws.ec2.EbsSnapshots;
import io.haven.aws.ec2.Ec2Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * Backs up one EBS volume as one EBS snapshot, recording its size, attachment and the facts
 * recovery needs ({@link io.haven.aws.ec2.VolumeFacts}).
 */
@Component(service = TargetType.class, property = TargetType.SERVICE_PROPERTY_TYPE + "=" + EbsVolumeTargetType.ID)
public final class EbsVolumeTargetType implements TargetType {

    public static final String ID = "ebs-volume";

    // vol- with 8 (older) or 17 (current) hexadecimal digits
    private static final Pattern VOLUME_ID = Pattern.compile("vol-(?:[0-9a-f]{8}|[0-9a-f]{17})");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "EBS volume";
    }

    /**
     * Resource limits (guide 16.2): a volume protected as a target of its own counts its size toward the user's non-
     * instance EBS limit, attached or not.
     */
    @Override
    public Optional<LimitCategory> limitCategory() {
        return Optional.of(LimitCategory.EBS_GIB);
    }

    @Override
    public OptionalLong limitUse(Resource resource) {
        return resource.wholeNumber("sizeGiB");
    }

    @Override
    public List<Resource> discover(CloudContext ctx) {
        List<Resource> resources = new ArrayList<>();
        for (Volume volume : ctx.client(Ec2Client.class).describeVolumesPaginator().volumes()) {
            resources.add(VolumeResources.resourceOf(volume, ctx.region()));
        }
        return resources;
    }

    /** EBS volumes take part in tag scans (guide 13). */
    @Override
    public boolean scansTags() {
        return true;
    }

    /** DescribeVolumes with a {@code tag-key} filter, page by page: only the tagged volumes come back. */
    @Override
    public List<Resource> findTagged(CloudContext ctx, String tagKey) {
        List<Resource> resources = new ArrayList<>();
        ctx.client(Ec2Client.class).describeVolumesPaginator(b -> b.filters(Filter.builder().name("tag-key")
                .values(tagKey).build())).volumes().forEach(volume -> resources.add(VolumeResources.resourceOf(volume,
                ctx.region())));
        return resources;
    }

    /** One DescribeVolumes of the id: adding a target must not list the region's volumes. */
    @Override
    public Optional<Resource> find(CloudContext ctx, String resourceId) {
        try {
            return Optional.of(VolumeResources.resourceOf(describe(ctx, resourceId), ctx.region()));
        } catch (TargetNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void validate(TargetSpec target) {
        if (target.resourceId() == null || !VOLUME_ID.matcher(target.resourceId()).matches()) {
            throw new InvalidTargetException("resourceId",
                    "An EBS volume id looks like vol-0123456789abcdef0, not '" + target.resourceId() + "'");
        }
        if (!target.options().isEmpty()) {
            throw new InvalidTargetException("options",
                    "EBS volume targets take no options, got: " + String.join(", ", target.options().keySet()));
        }
    }

    @Override
    public List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request) {
        return snapshot(ctx, describe(ctx, target.resourceId()), target, request);
    }

    /**
     * The volumes described together, one DescribeVolumes per 200 (a {@code volume-id} filter, which does not
     * fail the call for a volume that is gone), then one CreateSnapshot each: AWS has no batch create for
     * volumes of different instances.
     */
    @Override
    public List<TargetStart> startBackups(CloudContext ctx, List<TargetSpec> targets, BackupRequest request) {
        Map<String, Volume> volumes = new HashMap<>();
        for (int from = 0; from < targets.size(); from += MAX_BATCH) {
            List<String> ids = targets.subList(from, Math.min(targets.size(), from + MAX_BATCH)).stream()
                    .map(TargetSpec::resourceId).distinct().toList();
            ctx.client(Ec2Client.class).describeVolumesPaginator(b -> b.filters(Filter.builder().name("volume-id")
                    .values(ids).build())).volumes().forEach(volume -> volumes.put(volume.volumeId(), volume));
        }
        List<TargetStart> starts = new ArrayList<>();
        for (TargetSpec target : targets) {
            Volume volume = volumes.get(target.resourceId());
            try {
                starts.add(TargetStart.started(target, snapshot(ctx,
                        Optional.ofNullable(volume).orElseThrow(() -> notFound(target.resourceId())), target, request)));
            } catch (RuntimeException e) {
                starts.add(TargetStart.failed(target, e));
            }
        }
        return starts;
    }

    private static List<Artifact> snapshot(CloudContext ctx, Volume volume, TargetSpec target, BackupRequest request) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(EbsSnapshots.DETAIL_SIZE_GIB, String.valueOf(volume.size()));
        VolumeResources.attachment(volume).ifPresent(attachment -> {
            details.put("instanceId", attachment.instanceId());
            details.put("device", attachment.device());
        });
        try {
            // the volume just described: EbsSnapshots records its type, IOPS, zone and tags from it
            return List.of(EbsSnapshots.create(ctx, ID, volume, request, details));
        } catch (AwsServiceException e) {
            // deleted between the describe and the snapshot
            throw notFoundOr(e, target.resourceId());
        }
    }

    @Override
    public ArtifactStatus poll(CloudContext ctx, Artifact artifact) {
        return EbsSnapshots.status(ctx, artifact.id());
    }

    /** One DescribeSnapshots per 200 snapshots. */
    @Override
    public Map<String, ArtifactStatus> pollAll(CloudContext ctx, List<Artifact> artifacts) {
        return EbsSnapshots.statuses(ctx, artifacts.stream().map(Artifact::id).toList());
    }

    @Override
    public void delete(CloudContext ctx, Artifact artifact) {
        EbsSnapshots.delete(ctx, artifact.id());
    }

    @Override
    public List<Artifact> findByBackupId(CloudContext ctx, String backupId) {
        return EbsSnapshots.findByBackupId(ctx, ID, backupId);
    }

    /** EBS snapshots are copied to other regions for disaster recovery (guide 10). */
    @Override
    public Optional<String> notCopiedBecause() {
        return Optional.empty();
    }

    /** CopySnapshot in the destination, tagged at creation, with the key of the same alias (guide 10.5.2). */
    @Override
    public Artifact startCopy(CloudContext source, CloudContext destination, Artifact artifact, CopyRequest request) {
        return EbsSnapshots.copy(source, destination, ID, artifact, request);
    }

    /** EBS snapshots are shared with a DR account, which copies them (guide 11). */
    @Override
    public Optional<String> notSharedBecause() {
        return Optional.empty();
    }

    /** ModifySnapshotAttribute: the DR account may create volumes from, and so copy, the snapshot. */
    @Override
    public void share(CloudContext source, Artifact artifact, String awsAccountId) {
        EbsSnapshots.share(source, artifact.id(), awsAccountId);
    }

    @Override
    public void tag(CloudContext ctx, Artifact artifact, Map<String, String> tags) {
        EbsSnapshots.tag(ctx, artifact.id(), tags);
    }

    @Override
    public List<Artifact> findCopies(CloudContext destination, String backupId) {
        return EbsSnapshots.findCopies(destination, ID, backupId);
    }

    private static Volume describe(CloudContext ctx, String volumeId) {
        try {
            return ctx.client(Ec2Client.class).describeVolumes(b -> b.volumeIds(volumeId)).volumes().stream()
                    .findFirst()
                    .orElseThrow(() -> notFound(volumeId));
        } catch (AwsServiceException e) {
            throw notFoundOr(e, volumeId);
        }
    }

    private static RuntimeException notFoundOr(AwsServiceException e, String volumeId) {
        return Ec2Errors.hasCode(e, Ec2Errors.VOLUME_NOT_FOUND) ? notFound(volumeId) : e;
    }

    private static TargetNotFoundException notFound(String volumeId) {
        return new TargetNotFoundException("EBS volume " + volumeId + " does not exist");
    }
}
