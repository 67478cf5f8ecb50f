package io.haven.target.ec2;

import io.haven.api.target.CloudContext;
import io.haven.aws.ec2.Ec2Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.CreateImageRequest;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The single ("initial") AMI that {@code backupMode=snapshots-and-initial-ami} keeps per instance
 * (guide 4.2.4): an image of the root device only, for recovering instances (mainly Windows) that
 * cannot boot from snapshots alone. It belongs to no backup: it is tagged {@value #TAG} = instance id,
 * not with a backup id, so that retention never deletes it and it does not move with a backup. It is
 * replaced when older than the rotation period; older ones are removed once a newer one is available.
 */
final class InitialAmis {

    static final String TAG = "haven:initial-ami";
    /** Detail of snapshot artifacts: the initial AMI that recovery offers by default. */
    static final String DETAIL_INITIAL_AMI_ID = "initialAmiId";

    private static final Logger LOG = LoggerFactory.getLogger(InitialAmis.class);

    /**
     * What an instance has: its newest initial AMI that is available or pending, and whether a new
     * one is due (there is none, or the newest is older than the rotation period).
     */
    record Current(Optional<String> newestId, boolean due) {
    }

    private final ImageCreator creator;
    private final Clock clock;

    InitialAmis(ImageCreator creator, Clock clock) {
        this.creator = creator;
        this.clock = clock;
    }

    /**
     * @param rotationDays the age in days after which a new initial AMI is due; 0 never
     * @throws AwsServiceException when the initial AMIs cannot be listed
     */
    Current inspect(CloudContext ctx, Instance instance, int rotationDays) {
        Optional<Image> newest = list(ctx, instance.instanceId()).stream()
                .filter(Images::isUsable)
                .max(byAge(null));
        boolean due = newest.map(image -> rotationDays > 0
                        && Duration.between(Images.created(image), clock.instant()).compareTo(Duration.ofDays(rotationDays)) > 0)
                .orElse(true);
        return new Current(newest.map(Image::imageId), due);
    }

    /**
     * Starts a new initial AMI of the instance: its root device only, every other attached device
     * left out with NoDevice, without reboot. A failure is logged: the snapshots of the backup
     * matter more, and the next backup tries again.
     *
     * @return the new image's id, or empty when it could not be created
     */
    Optional<String> create(CloudContext ctx, Instance instance) {
        String instanceId = instance.instanceId();
        String root = instance.rootDeviceName();
        List<BlockDeviceMapping> leftOut = InstanceResources.ebsVolumes(instance).keySet().stream()
                .filter(device -> !device.equals(root))
                .map(device -> BlockDeviceMapping.builder().deviceName(device).noDevice("").build())
                .toList();
        Map<String, String> tags = Map.of(TAG, instanceId, Ec2Tags.NAME, "haven-initial-" + instanceId);
        CreateImageRequest request = CreateImageRequest.builder()
                .instanceId(instanceId)
                .name(AmiNames.forInitialAmi(instanceId, clock.instant()))
                .description("Haven initial AMI of " + instanceId + " (root device only)")
                .noReboot(true)
                .blockDeviceMappings(leftOut)
                .tagSpecifications(AmiBackups.tagSpecification(ResourceType.IMAGE, tags),
                        AmiBackups.tagSpecification(ResourceType.SNAPSHOT, tags))
                .build();
        try {
            return Optional.of(creator.create(ctx.client(Ec2Client.class), request, TAG, instanceId));
        } catch (AwsServiceException e) {
            LOG.warn("Could not create the initial AMI of EC2 instance {}; keeping the existing one, if any: {}",
                    instanceId, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Deregisters, with their snapshots, the instance's initial AMIs that are older than its newest
     * available one, and failed ones. While the newest is still pending the older ones stay: they
     * are the only usable image. Failures are logged; the next backup tries again.
     *
     * @param createdId the image this run created, which counts as the newest; null when none
     */
    void removeSuperseded(CloudContext ctx, Instance instance, String createdId) {
        String instanceId = instance.instanceId();
        try {
            List<Image> images = list(ctx, instanceId);
            Comparator<Image> byAge = byAge(createdId);
            Optional<Image> newestAvailable = images.stream()
                    .filter(image -> image.state() == ImageState.AVAILABLE).max(byAge);
            for (Image image : images) {
                boolean superseded = newestAvailable.isPresent() && byAge.compare(image, newestAvailable.get()) < 0;
                if (superseded || !Images.isUsable(image)) {
                    Images.deregisterWithSnapshots(ctx, image.imageId(), Images.snapshotIds(image));
                }
            }
        } catch (AwsServiceException e) {
            LOG.warn("Could not remove old initial AMIs of EC2 instance {}; the next backup tries again: {}",
                    instanceId, e.getMessage());
        }
    }

    /**
     * Oldest first by creation time, which EC2 gives in seconds; within a second the image this run
     * created counts as newer, then the later name (it ends in Haven's creation time), then the id.
     */
    private static Comparator<Image> byAge(String createdId) {
        return Comparator.comparing(Images::created)
                .thenComparing(image -> image.imageId().equals(createdId))
                .thenComparing(image -> image.name() == null ? "" : image.name())
                .thenComparing(Image::imageId);
    }

    private static List<Image> list(CloudContext ctx, String instanceId) {
        return Images.owned(ctx.client(Ec2Client.class), Images.filter("tag:" + TAG, instanceId));
    }
}
