package io.haven.recovery.ec2;

import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryProgress;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.aws.ec2.Ec2Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * The snapshot copies and AMI that a start made but did not record: AWS answered, and Haven stopped before the
 * answer was recorded (decision 0059). Each copy and AMI carries the recovery's own tag from its creation on, so that
 * a resumption finds them by it and goes on with them instead of making them again and leaving these behind.
 */
final class LostAnswers {

    /** Tag on every copy and AMI of an instance recovery: the recovery's own value, the same after a restart. */
    static final String RECOVERY_TAG = "haven:recovery";
    /** The client-token step whose token is the tag's value. */
    private static final String TAG_STEP = "resources";

    private LostAnswers() {
    }

    /** The value of {@link #RECOVERY_TAG} for the recovery that {@code progress} reports for. */
    static String tagValue(RecoveryProgress progress) {
        return progress.clientToken(TAG_STEP);
    }

    /**
     * The recovery's copies and AMI in the context's account and region that are not among {@code recorded}, each
     * reported as created (so that core records it now) and named in the log: two describe calls.
     */
    static List<RecoveredResource> find(CloudContext ctx, List<RecoveredResource> recorded, RecoveryProgress progress) {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        Filter ofThisRecovery = Filter.builder().name("tag:" + RECOVERY_TAG).values(tagValue(progress)).build();
        Set<String> known = recorded.stream().map(RecoveredResource::id).collect(Collectors.toSet());
        List<RecoveredResource> found = new ArrayList<>();
        for (Snapshot copy : ec2.describeSnapshotsPaginator(b -> b.ownerIds("self").filters(ofThisRecovery)).snapshots()) {
            Map<String, String> tags = Ec2Tags.toMap(copy.tags());
            if (!known.contains(copy.snapshotId()) && tags.containsKey(HavenTags.COPY_OF)) {
                found.add(new RecoveredResource(OwnCopies.KIND, copy.snapshotId(), ctx.region(), Map.of(
                        OwnCopies.COPY_OF, tags.get(HavenTags.COPY_OF),
                        "fromInstance", tags.getOrDefault(ImageRegistration.RECOVERY_OF_TAG, ""))));
            }
        }
        for (Image image : ec2.describeImages(b -> b.owners("self").filters(ofThisRecovery)).images()) {
            if (!known.contains(image.imageId())) {
                found.add(new RecoveredResource(ResourcePoller.AMI, image.imageId(), ctx.region(), Map.of(
                        "fromInstance", Ec2Tags.toMap(image.tags()).getOrDefault(ImageRegistration.RECOVERY_OF_TAG, ""))));
            }
        }
        for (RecoveredResource resource : found) {
            progress.created(resource);
            progress.log("Found " + resource.kind() + " " + resource.id() + ", made before Haven stopped but not recorded"
                    + " then: going on with it");
        }
        return found;
    }
}
