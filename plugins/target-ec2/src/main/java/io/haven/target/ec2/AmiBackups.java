package io.haven.target.ec2;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.CopyRequest;
import io.haven.api.target.HavenTags;
import io.haven.aws.artifact.ArtifactTags;
import io.haven.aws.artifact.CopyErrors;
import io.haven.aws.artifact.CopyKeys;
import io.haven.aws.ec2.DetailTags;
import io.haven.aws.ec2.EbsSnapshots;
import io.haven.aws.ec2.Ec2Tags;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
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

    /** This account's images in the context's region that the target type made for the run; not their DR copies. */
    List<Artifact> findByBackupId(CloudContext ctx, String targetType, String backupId) {
        return tagged(ctx, targetType, backupId).stream().filter(a -> a.detail(HavenTags.COPY_OF) == null).toList();
    }

    /** This account's disaster-recovery copies of the run's images in the context's region. */
    List<Artifact> findCopies(CloudContext ctx, String targetType, String backupId) {
        return tagged(ctx, targetType, backupId).stream().filter(a -> a.detail(HavenTags.COPY_OF) != null).toList();
    }

    private List<Artifact> tagged(CloudContext ctx, String targetType, String backupId) {
        return Images.owned(ctx.client(Ec2Client.class),
                        Images.filter("tag:" + HavenTags.BACKUP_ID, backupId),
                        Images.filter("tag:" + EbsSnapshots.TARGET_TYPE_TAG, targetType))
                .stream()
                .map(image -> artifactOf(ctx.region(), image))
                .toList();
    }

    /**
     * Starts the disaster-recovery copy of an AMI into the destination's region (CopyImage in the destination, which
     * copies its snapshots too) and returns it at once. The image is tagged at creation with the request's tags, a
     * Name, the target type and the source's details, its snapshots with the request's tags; the image's tags are
     * written once more right after, as emulators drop CopyImage's tag specifications. Encrypted snapshots are
     * copied with the key of the same alias, or the destination's default key for AWS's (guide 10.5.2).
     */
    Artifact copy(CloudContext source, CloudContext destination, String targetType, Artifact image, CopyRequest request) {
        try {
            Image described = Images.describe(source.client(Ec2Client.class), image.id())
                    .orElseThrow(() -> new IllegalStateException("AMI " + image.id() + " no longer exists in "
                            + source.region()));
            Optional<EbsBlockDevice> encrypted = described.blockDeviceMappings().stream()
                    .map(BlockDeviceMapping::ebs).filter(ebs -> ebs != null && Boolean.TRUE.equals(ebs.encrypted()))
                    .findFirst();
            Optional<String> key = CopyKeys.forCopy(source, destination, encrypted.isPresent(),
                    encrypted.map(EbsBlockDevice::kmsKeyId).orElse(null), EbsSnapshots.DEFAULT_KEY_ALIAS);
            Map<String, String> runTags = new LinkedHashMap<>(new TreeMap<>(request.tags()));
            runTags.putIfAbsent(Ec2Tags.NAME, request.policyName() + "-" + image.resourceId() + "-dr");
            Map<String, String> imageTags = new LinkedHashMap<>(runTags);
            imageTags.put(EbsSnapshots.TARGET_TYPE_TAG, targetType);
            Map<String, String> details = new LinkedHashMap<>(image.details());
            details.remove(DETAIL_SNAPSHOT_IDS); // the copy has snapshots of its own; delete reads them from it
            DetailTags.Fit fit = DetailTags.fit(DetailTags.ordered(Map.of(), details), imageTags.size());
            imageTags.putAll(fit.tags());
            String name = DetailLimits.truncate(described.name() == null ? image.id() : described.name(),
                    AmiNames.MAX_LENGTH - 3) + "-dr";
            Ec2Client ec2 = destination.client(Ec2Client.class);
            String copyId = ec2.copyImage(b -> {
                b.sourceImageId(image.id()).sourceRegion(source.region()).name(name)
                        .description(DetailLimits.truncate(request.description(), MAX_DESCRIPTION))
                        .tagSpecifications(tagSpecification(ResourceType.IMAGE, imageTags),
                                tagSpecification(ResourceType.SNAPSHOT, runTags));
                key.ifPresent(k -> b.encrypted(true).kmsKeyId(k));
            }).imageId();
            ec2.createTags(b -> b.resources(copyId).tags(Images.tagList(imageTags)));
            if (!fit.leftOff().isEmpty()) {
                request.log().warning(DetailTags.leftOffMessage("AMI copy " + copyId, "AMI " + image.id(), fit.leftOff()));
            }
            details.put(HavenTags.COPY_OF, image.id());
            return new Artifact(KIND, copyId, destination.region(), image.resourceId(), details);
        } catch (AwsServiceException e) {
            throw CopyErrors.deferredOr(e);
        }
    }

    private static Artifact artifactOf(String region, Image image) {
        Map<String, String> tags = Images.tags(image);
        Map<String, String> details = new LinkedHashMap<>(ArtifactTags.details(tags));
        if (tags.containsKey(HavenTags.COPY_OF)) {
            details.put(HavenTags.COPY_OF, tags.get(HavenTags.COPY_OF));
        }
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
