package io.haven.aws.internal.limits;

import io.haven.aws.BucketSize;
import java.util.Map;
import java.util.Set;

/**
 * EC2's request token buckets as AWS publishes them ("Request throttling for the Amazon EC2 API", request token
 * bucket sizes and refill rates): every API has a bucket of its own, sized by its category unless it is listed
 * on its own. A describe of the unfiltered kind (no {@code Filters}, no pagination) takes from a smaller bucket.
 */
public final class Ec2Buckets {

    public static final String NON_MUTATING = "non-mutating";
    public static final String UNFILTERED = "unfiltered";
    public static final String MUTATING = "mutating";
    public static final String RESOURCE_INTENSIVE = "resource-intensive";

    /** The categories' sizes. */
    public static final Map<String, BucketSize> CATEGORIES = Map.of(
            NON_MUTATING, new BucketSize(100, 20),
            UNFILTERED, new BucketSize(50, 10),
            MUTATING, new BucketSize(50, 5),
            RESOURCE_INTENSIVE, new BucketSize(50, 5));

    /** Describes that take from the smaller bucket when they are neither filtered nor paginated. */
    public static final Set<String> UNFILTERED_DESCRIBES = Set.of("DescribeInstances", "DescribeInstanceStatus",
            "DescribeNetworkInterfaces", "DescribeSecurityGroups", "DescribeSnapshots", "DescribeSpotInstanceRequests",
            "DescribeVolumes");

    private static final Set<String> RESOURCE_INTENSIVE_ACTIONS = Set.of("AcceptVpcPeeringConnection",
            "AuthorizeSecurityGroupIngress", "CancelSpotInstanceRequests", "CreateKeyPair", "CreateVpcPeeringConnection",
            "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection", "RevokeSecurityGroupIngress",
            "RequestSpotInstances");

    /** The APIs with sizes of their own that Haven calls, or may call soon (from AWS's "uncategorized" table). */
    private static final Map<String, BucketSize> OWN = Map.ofEntries(
            Map.entry("AssignIpv6Addresses", new BucketSize(100, 5)),
            Map.entry("AssignPrivateIpAddresses", new BucketSize(100, 5)),
            Map.entry("AssociateIamInstanceProfile", new BucketSize(100, 5)),
            Map.entry("CopyImage", new BucketSize(100, 1)),
            Map.entry("CreateLaunchTemplateVersion", new BucketSize(100, 5)),
            Map.entry("CreateNetworkInterface", new BucketSize(100, 5)),
            Map.entry("CreateSnapshot", new BucketSize(100, 5)),
            Map.entry("CreateSnapshots", new BucketSize(100, 5)),
            Map.entry("CreateTags", new BucketSize(100, 10)),
            Map.entry("CreateVolume", new BucketSize(100, 5)),
            Map.entry("DeleteNetworkInterface", new BucketSize(100, 5)),
            Map.entry("DeleteSnapshot", new BucketSize(100, 5)),
            Map.entry("DeleteTags", new BucketSize(100, 10)),
            Map.entry("DeleteVolume", new BucketSize(100, 5)),
            Map.entry("DeregisterImage", new BucketSize(100, 5)),
            Map.entry("DisassociateIamInstanceProfile", new BucketSize(100, 5)),
            Map.entry("ModifyImageAttribute", new BucketSize(100, 5)),
            Map.entry("ModifyInstanceMetadataOptions", new BucketSize(100, 5)),
            Map.entry("ModifyLaunchTemplate", new BucketSize(100, 5)),
            Map.entry("ModifyNetworkInterfaceAttribute", new BucketSize(100, 5)),
            Map.entry("ModifySnapshotAttribute", new BucketSize(100, 5)),
            Map.entry("RunInstances", new BucketSize(5, 2)),
            Map.entry("StartInstances", new BucketSize(5, 2)),
            Map.entry("TerminateInstances", new BucketSize(100, 5)),
            Map.entry("UnassignPrivateIpAddresses", new BucketSize(100, 5)));

    private Ec2Buckets() {
    }

    /** The category of an API, or null when it has a size of its own. */
    public static String category(String operation, boolean unfiltered) {
        if (OWN.containsKey(operation)) {
            return null;
        }
        if (RESOURCE_INTENSIVE_ACTIONS.contains(operation)) {
            return RESOURCE_INTENSIVE;
        }
        if (isNonMutating(operation)) {
            return unfiltered && UNFILTERED_DESCRIBES.contains(operation) ? UNFILTERED : NON_MUTATING;
        }
        return MUTATING;
    }

    /** The published size of the API's own bucket (its category's unless it is listed on its own). */
    public static BucketSize published(String operation, boolean unfiltered) {
        String category = category(operation, unfiltered);
        return category == null ? OWN.get(operation) : CATEGORIES.get(category);
    }

    /**
     * The bucket's name: the operation, and for an unfiltered describe the operation with {@code :unfiltered},
     * because AWS takes those calls' tokens from a bucket of their own.
     */
    public static String bucketName(String operation, boolean unfiltered) {
        return UNFILTERED.equals(category(operation, unfiltered)) ? operation + ":" + UNFILTERED : operation;
    }

    static boolean isNonMutating(String operation) {
        return operation.startsWith("Describe") || operation.startsWith("List") || operation.startsWith("Search")
                || operation.startsWith("Get");
    }
}
