package io.haven.recovery.ec2;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * Describe calls that answer "does it exist?": an id that EC2 does not know (or that is malformed)
 * gives an empty result instead of an exception, so that checks can name the option at fault.
 */
final class Ec2Lookups {

    /** The state of a resource that EC2 no longer describes. */
    static final String GONE = "gone";

    private final Ec2Client ec2;

    Ec2Lookups(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    Optional<Instance> instance(String instanceId) {
        return absentIfUnknown(() -> ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream()).findFirst());
    }

    Optional<Volume> volume(String volumeId) {
        return absentIfUnknown(() -> ec2.describeVolumes(b -> b.volumeIds(volumeId)).volumes().stream().findFirst());
    }

    Optional<Subnet> subnet(String subnetId) {
        return absentIfUnknown(() -> ec2.describeSubnets(b -> b.subnetIds(subnetId)).subnets().stream().findFirst());
    }

    Optional<SecurityGroup> securityGroup(String groupId) {
        return absentIfUnknown(() -> ec2.describeSecurityGroups(b -> b.groupIds(groupId)).securityGroups().stream()
                .findFirst());
    }

    Optional<Image> image(String imageId) {
        return absentIfUnknown(() -> ec2.describeImages(b -> b.imageIds(imageId)).images().stream().findFirst());
    }

    Optional<Snapshot> snapshot(String snapshotId) {
        return absentIfUnknown(() -> ec2.describeSnapshots(b -> b.snapshotIds(snapshotId)).snapshots().stream()
                .findFirst());
    }

    /** The snapshot's state, or {@link #GONE}. */
    String snapshotState(String snapshotId) {
        return stateOrGone(() -> ec2.describeSnapshots(b -> b.snapshotIds(snapshotId)).snapshots().stream()
                .findFirst().map(Snapshot::stateAsString), "InvalidSnapshot.NotFound"::equals);
    }

    /** The image's state, or {@link #GONE}; any InvalidAMIID error (not found, malformed, unavailable) counts. */
    String imageState(String imageId) {
        return stateOrGone(() -> ec2.describeImages(b -> b.imageIds(imageId)).images().stream().findFirst()
                .map(Image::stateAsString), code -> code.startsWith("InvalidAMIID"));
    }

    /**
     * The snapshots among these that the account owns; the others were shared with it (or do not exist). Filters,
     * not SnapshotIds: AWS describes a shared snapshot by its id too, and tells the owner only by its OwnerId.
     */
    Set<String> owned(String awsAccountId, Collection<String> snapshotIds) {
        Set<String> owned = new HashSet<>();
        ec2.describeSnapshotsPaginator(b -> b.filters(
                        Filter.builder().name("owner-id").values(awsAccountId).build(),
                        Filter.builder().name("snapshot-id").values(snapshotIds).build()))
                .snapshots().forEach(snapshot -> owned.add(snapshot.snapshotId()));
        return owned;
    }

    boolean zoneExists(String zone) {
        // EC2 answers an unknown zone name with InvalidParameterValue, moto with an empty list
        return absentIfUnknown(() -> ec2.describeAvailabilityZones(b -> b.zoneNames(zone)).availabilityZones().stream()
                .filter(z -> zone.equals(z.zoneName())).findFirst()).isPresent();
    }

    boolean keyPairExists(String keyName) {
        return absentIfUnknown(() -> ec2.describeKeyPairs(b -> b.keyNames(keyName)).keyPairs().stream().findFirst())
                .isPresent();
    }

    /** The network interface in the subnet that holds this private address, if any. */
    Optional<NetworkInterface> interfaceWithAddress(String subnetId, String privateIp) {
        List<NetworkInterface> found = ec2.describeNetworkInterfaces(b -> b.filters(
                Filter.builder().name("subnet-id").values(subnetId).build(),
                Filter.builder().name("addresses.private-ip-address").values(privateIp).build())).networkInterfaces();
        return found.stream().findFirst();
    }

    /** What {@code describe} finds, or {@link #GONE} where it finds nothing or fails with a code {@code gone} takes. */
    private static String stateOrGone(Supplier<Optional<String>> describe, Predicate<String> gone) {
        try {
            return describe.get().orElse(GONE);
        } catch (Ec2Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (code == null || !gone.test(code)) {
                throw e;
            }
            return GONE;
        }
    }

    private static <T> Optional<T> absentIfUnknown(Supplier<Optional<T>> describe) {
        try {
            return describe.get();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (code != null && (code.endsWith(".NotFound") || code.endsWith(".Malformed")
                    || code.equals("InvalidParameterValue"))) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
