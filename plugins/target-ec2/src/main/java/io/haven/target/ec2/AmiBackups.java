package io.haven.target.ec2;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.aws.artifact.ArtifactTags;
import io.haven.aws.ec2.DetailTags;
import io.haven.aws.ec2.EbsSnapshots;
import io.haven.aws.ec2.Ec2Tags;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateImageRequest;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * {@code backupMode=ami}: one AMI of the whole instance per backup, an artifact of kind {@value #KIND}.
 * The image carries the run's tags, Name, the target type and its details as tags (the scheme of
 * {@link EbsSnapshots}), so that {@link #findByBackupId} rebuilds it after a crash; its snapshots
 * carry the run's tags and Name only, so that no snapshot look-up adopts them as artifacts of their own.
 */
final class AmiBackups {

    static final String KIND = "ami";
    static final String DETAIL_INSTANCE_ID = "instanceId";
    /** Comma-separated ids of the image's EBS snapshots, when EC2 listed them at creation. */
    static final String DETAIL_SNAPSHOT_IDS = "snapshotIds";

    private static final int MAX_DESCRIPTION = 255;

    private final ImageCreator creator;

    AmiBackups(ImageCreator creator) {
        this.creator = creator;
    }

    /**
     * Starts an image of the instance and returns its artifact at once.
     *
     * @param details facts to record; as many as fit are tagged in {@link DetailTags}' order, the rest logged
     * @param reboot  whether EC2 may reboot the instance for a consistent image; the guide's default is not to
     */
    Artifact create(CloudContext ctx, String targetType, Instance instance, BackupRequest request,
                    Map<String, String> details, boolean reboot) {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        String instanceId = instance.instanceId();
        Map<String, String> runTags = new LinkedHashMap<>(new TreeMap<>(request.tags()));
        runTags.putIfAbsent(Ec2Tags.NAME, request.policyName() + "-" + instanceId);
        Map<String, String> imageTags = new LinkedHashMap<>(runTags);
        imageTags.put(EbsSnapshots.TARGET_TYPE_TAG, targetType);
        DetailTags.Fit fit = DetailTags.fit(DetailTags.ordered(Map.of(), details), imageTags.size());
        imageTags.putAll(fit.tags());

        CreateImageRequest create = CreateImageRequest.builder()
                .instanceId(instanceId)
                .name(AmiNames.forBackup(request.policyName(), instanceId, request.backupId()))
                .description(DetailLimits.truncate(request.description(), MAX_DESCRIPTION))
                .noReboot(!reboot)
                .tagSpecifications(tagSpecification(ResourceType.IMAGE, imageTags),
                        tagSpecification(ResourceType.SNAPSHOT, runTags))
                .build();
        String imageId = creator.create(ec2, create, HavenTags.BACKUP_ID, request.tags().get(HavenTags.BACKUP_ID),
                request.resumed(), request.log());
        if (!fit.leftOff().isEmpty()) {
            request.log().warning(DetailTags.leftOffMessage("AMI " + imageId, "instance " + instanceId, fit.leftOff()));
        }

        Map<String, String> all = new LinkedHashMap<>(details);
        // EC2 lists the snapshots as soon as it has started them, often already now; delete reads them again anyway.
        Images.describe(ec2, imageId).map(Images::snapshotIds).filter(ids -> !ids.isEmpty())
                .ifPresent(ids -> all.put(DETAIL_SNAPSHOT_IDS, String.join(",", ids)));
        return new Artifact(KIND, imageId, ctx.region(), instanceId, all);
    }

    /** The image's state; an image that no longer exists has failed. */
    ArtifactStatus status(CloudContext ctx, Artifact artifact) {
        return Images.describe(ctx.client(Ec2Client.class), artifact.id())
                .map(Images::status)
                .orElseGet(() -> ArtifactStatus.failed("AMI " + artifact.id() + " no longer exists"));
    }

    /** Deregisters the image and deletes its snapshots; what is already gone is not an error. */
    void delete(CloudContext ctx, Artifact artifact) {
        Images.deregisterWithSnapshots(ctx, artifact.id(), snapshotIds(artifact));
    }

    /** This account's images in the context's region that the target type made for the run. */
    List<Artifact> findByBackupId(CloudContext ctx, String targetType, String backupId) {
        return Images.owned(ctx.client(Ec2Client.class),
                        Images.filter("tag:" + HavenTags.BACKUP_ID, backupId),
                        Images.filter("tag:" + EbsSnapshots.TARGET_TYPE_TAG, targetType))
                .stream()
                .map(image -> artifactOf(ctx.region(), image))
                .toList();
    }

    private static Artifact artifactOf(String region, Image image) {
        Map<String, String> details = new LinkedHashMap<>(ArtifactTags.details(Images.tags(image)));
        List<String> snapshots = Images.snapshotIds(image);
        if (!snapshots.isEmpty()) {
            details.put(DETAIL_SNAPSHOT_IDS, String.join(",", snapshots));
        }
        String instanceId = details.getOrDefault(DETAIL_INSTANCE_ID, image.sourceInstanceId());
        return new Artifact(KIND, image.imageId(), region, instanceId, details);
    }

    private static List<String> snapshotIds(Artifact artifact) {
        String ids = artifact.detail(DETAIL_SNAPSHOT_IDS);
        return ids == null || ids.isBlank() ? List.of()
                : Arrays.stream(ids.split(",")).map(String::strip).filter(id -> !id.isEmpty()).toList();
    }

    static TagSpecification tagSpecification(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(Images.tagList(tags)).build();
    }
}
