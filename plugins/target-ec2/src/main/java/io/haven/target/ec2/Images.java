package io.haven.target.ec2;

import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.CloudContext;
import io.haven.aws.ec2.EbsSnapshots;
import io.haven.aws.ec2.Ec2Errors;
import io.haven.aws.ec2.Ec2Tags;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Tag;

/** AMI operations shared by AMI backups and initial AMIs: look-ups, state, deregistration with the image's snapshots. */
final class Images {

    static final String NOT_FOUND = "InvalidAMIID.NotFound";
    static final String UNAVAILABLE = "InvalidAMIID.Unavailable";
    static final String MALFORMED = "InvalidAMIID.Malformed";
    static final String NAME_DUPLICATE = "InvalidAMIName.Duplicate";

    private static final Set<ImageState> FAILED = Set.of(ImageState.FAILED, ImageState.ERROR, ImageState.INVALID,
            ImageState.DEREGISTERED, ImageState.DISABLED);

    private Images() {
    }

    /** The image, or empty when it does not exist (any more). */
    static Optional<Image> describe(Ec2Client ec2, String imageId) {
        try {
            return ec2.describeImages(b -> b.imageIds(imageId)).images().stream().findFirst();
        } catch (AwsServiceException e) {
            if (isGone(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** This account's images that match all the filters. */
    static List<Image> owned(Ec2Client ec2, Filter... filters) {
        DescribeImagesRequest request = DescribeImagesRequest.builder().owners("self").filters(filters).build();
        List<Image> images = new ArrayList<>();
        ec2.describeImagesPaginator(request).images().forEach(images::add);
        return images;
    }

    static List<Image> ownedByName(Ec2Client ec2, String name) {
        return owned(ec2, filter("name", name));
    }

    static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    static Map<String, String> tags(Image image) {
        return Ec2Tags.toMap(image.tags());
    }

    /** The ids of the EBS snapshots behind the image's block devices, in device order. */
    static List<String> snapshotIds(Image image) {
        return image.blockDeviceMappings().stream()
                .map(BlockDeviceMapping::ebs)
                .filter(ebs -> ebs != null && ebs.snapshotId() != null)
                .map(ebs -> ebs.snapshotId())
                .distinct()
                .toList();
    }

    static ArtifactStatus status(Image image) {
        ImageState state = image.state();
        if (state == ImageState.AVAILABLE) {
            return ArtifactStatus.completed();
        }
        if (FAILED.contains(state)) {
            String reason = image.stateReason() == null ? null : image.stateReason().message();
            return ArtifactStatus.failed("AMI " + image.imageId() + " is " + image.stateAsString()
                    + (reason == null || reason.isBlank() ? "" : ": " + reason));
        }
        // pending, transient, or a state this SDK does not know yet: not done
        return ArtifactStatus.pending(-1);
    }

    static boolean isUsable(Image image) {
        return image.state() == ImageState.AVAILABLE || image.state() == ImageState.PENDING;
    }

    /** When EC2 created the image; the epoch when it does not say, so that such an image counts as old. */
    static Instant created(Image image) {
        try {
            return image.creationDate() == null ? Instant.EPOCH : Instant.parse(image.creationDate());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /**
     * Deregisters the image and then deletes its EBS snapshots, which EC2 keeps (and bills) after
     * deregistration. The snapshot ids are read from the image first and joined with those already
     * known, so that a clean-up interrupted after the deregistration still deletes them the next
     * time. What is already gone is not an error.
     */
    static void deregisterWithSnapshots(CloudContext ctx, String imageId, Collection<String> knownSnapshotIds) {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        Set<String> snapshots = new LinkedHashSet<>(knownSnapshotIds);
        describe(ec2, imageId).ifPresent(image -> snapshots.addAll(snapshotIds(image)));
        try {
            ec2.deregisterImage(b -> b.imageId(imageId));
        } catch (AwsServiceException e) {
            if (!isGone(e)) {
                throw e;
            }
        }
        snapshots.forEach(snapshotId -> EbsSnapshots.delete(ctx, snapshotId));
    }

    static List<Tag> tagList(Map<String, String> tags) {
        List<Tag> list = new ArrayList<>();
        tags.forEach((key, value) -> list.add(Tag.builder().key(key)
                .value(DetailLimits.truncate(value, DetailLimits.MAX_VALUE)).build()));
        return list;
    }

    private static boolean isGone(AwsServiceException e) {
        return Ec2Errors.hasCode(e, NOT_FOUND) || Ec2Errors.hasCode(e, UNAVAILABLE) || Ec2Errors.hasCode(e, MALFORMED);
    }
}
