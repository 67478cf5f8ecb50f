package io.haven.target.redshift;

import static io.haven.target.redshift.RedshiftRecoverables.IDENTIFIER;
import static io.haven.target.redshift.RedshiftRecoverables.PRESERVE_TAGS;
import static io.haven.target.redshift.RedshiftResources.NODE_TYPE;
import static io.haven.target.redshift.RedshiftResources.NUMBER_OF_NODES;
import static io.haven.target.redshift.RedshiftResources.PARAMETER_GROUP;
import static io.haven.target.redshift.RedshiftResources.PORT;
import static io.haven.target.redshift.RedshiftResources.PUBLICLY_ACCESSIBLE;
import static io.haven.target.redshift.RedshiftResources.SUBNET_GROUP;
import static io.haven.target.redshift.RedshiftResources.VPC_SECURITY_GROUPS;
import static io.haven.target.redshift.RedshiftResources.ZONE;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import io.haven.aws.artifact.AwsIdentifiers;
import io.haven.aws.recovery.Ec2Lookups;
import io.haven.aws.recovery.RecoveryChoices;
import io.haven.aws.recovery.TagDetails;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.ClusterNotFoundException;
import software.amazon.awssdk.services.redshift.model.ClusterParameterGroupNotFoundException;
import software.amazon.awssdk.services.redshift.model.ClusterSubnetGroupNotFoundException;
import software.amazon.awssdk.services.redshift.model.RestoreFromClusterSnapshotRequest;

/**
 * Turns the choices for one Redshift recoverable into the RestoreFromClusterSnapshot request and
 * the tags to apply, or refuses them: first their syntax, then against AWS (the identifier is free,
 * the subnet group, parameter group, zone and security groups exist). Creates nothing.
 */
final class RedshiftRestorePlanner {

    static final int MIN_PORT = 1150;
    static final int MAX_PORT = 65535;
    static final int MAX_NODES = 128;
    private static final Pattern NODE_TYPE_SYNTAX = Pattern.compile("[a-z0-9]+\\.[a-z0-9]+");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9.-]{0,254}");
    private static final Pattern SUBNET_GROUP_NAME = Pattern.compile("[A-Za-z0-9 ._-]{1,255}");
    private static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-[0-9a-f]{8,17}");
    private static final Pattern ZONE_SYNTAX = Pattern.compile("[a-z0-9-]+");
    /** AWS provides these for every parameter group family. */
    private static final String DEFAULT_GROUP_PREFIX = "default.";

    private RedshiftRestorePlanner() {
    }

    /** @throws InvalidRecoveryException naming the option that is not acceptable */
    static RedshiftRestorePlan plan(CloudContext ctx, Recoverable recoverable, Map<String, String> chosen) {
        Artifact snapshot = snapshotOf(recoverable);
        RecoveryChoices choices = RecoveryChoices.of(recoverable, chosen);
        RestoreFromClusterSnapshotRequest.Builder request = RestoreFromClusterSnapshotRequest.builder()
                .snapshotIdentifier(snapshot.id())
                // required where IAM policies name snapshots by cluster
                .snapshotClusterIdentifier(snapshot.resourceId());

        String identifier = choices.required(IDENTIFIER);
        require(AwsIdentifiers.isValid(identifier, AwsIdentifiers.MAX_RESOURCE_LENGTH), IDENTIFIER,
                "A Redshift cluster identifier has 1 to 63 lower-case letters, digits or hyphens, starts with a letter "
                        + "and has no two hyphens in a row nor one at the end, not '" + identifier + "'");
        request.clusterIdentifier(identifier);
        Optional<String> nodeType = choices.text(NODE_TYPE);
        nodeType.ifPresent(type -> require(NODE_TYPE_SYNTAX.matcher(type).matches(), NODE_TYPE,
                "nodeType must look like ra3.xlplus or dc2.large, not '" + type + "'"));
        Optional<Integer> nodes = choices.integer(NUMBER_OF_NODES, 1, MAX_NODES);
        // sent only when changed: restoring into the snapshot's own configuration needs neither
        boolean resized = !nodeType.equals(Optional.ofNullable(snapshot.detail(NODE_TYPE)))
                || !nodes.map(String::valueOf).equals(Optional.ofNullable(snapshot.detail(NUMBER_OF_NODES)));
        if (resized) {
            nodeType.ifPresent(request::nodeType);
            nodes.ifPresent(request::numberOfNodes);
        }
        choices.integer(PORT, MIN_PORT, MAX_PORT).ifPresent(port -> {
            require(!nodeType.orElse("").startsWith("ra3.") || port >= 5431 && port <= 5455 || port >= 8191 && port <= 8215,
                    PORT, "Clusters of RA3 nodes listen on a port from 5431 to 5455 or 8191 to 8215, not " + port);
            request.port(port);
        });
        Optional<String> zone = choices.text(ZONE);
        zone.ifPresent(name -> {
            require(name.startsWith(ctx.region()) && ZONE_SYNTAX.matcher(name).matches(), ZONE,
                    "zone must be an Availability Zone of " + ctx.region() + ", for example " + ctx.region() + "a, not '"
                            + name + "'");
            request.availabilityZone(name);
        });
        Optional<String> subnetGroup = choices.text(SUBNET_GROUP);
        subnetGroup.ifPresent(name -> {
            require(SUBNET_GROUP_NAME.matcher(name).matches(), SUBNET_GROUP, "Not a cluster subnet group name: '" + name + "'");
            request.clusterSubnetGroupName(name);
        });
        choices.flag(PUBLICLY_ACCESSIBLE).ifPresent(request::publiclyAccessible);
        Optional<String> parameterGroup = choices.text(PARAMETER_GROUP);
        parameterGroup.ifPresent(name -> {
            require(GROUP_NAME.matcher(name).matches(), PARAMETER_GROUP, "Not a cluster parameter group name: '" + name + "'");
            request.clusterParameterGroupName(name);
        });
        List<String> securityGroups = choices.list(VPC_SECURITY_GROUPS);
        securityGroups.forEach(id -> require(SECURITY_GROUP_ID.matcher(id).matches(), VPC_SECURITY_GROUPS,
                "Not a security group id: '" + id + "'"));
        if (!securityGroups.isEmpty()) {
            request.vpcSecurityGroupIds(securityGroups);
        }
        boolean preserveTags = choices.flag(PRESERVE_TAGS).orElse(true);
        Map<String, String> tags = TagDetails.forRecovered(snapshot.details(), preserveTags, snapshot.id());

        // AWS last: the syntax is right by now
        RedshiftClient redshift = ctx.client(RedshiftClient.class);
        require(!clusterExists(redshift, identifier), IDENTIFIER,
                "A Redshift cluster " + identifier + " already exists; choose another identifier");
        subnetGroup.ifPresent(name -> require(subnetGroupExists(redshift, name), SUBNET_GROUP,
                "Cluster subnet group " + name + " does not exist"));
        parameterGroup.filter(name -> !name.startsWith(DEFAULT_GROUP_PREFIX)).ifPresent(name ->
                require(parameterGroupExists(redshift, name), PARAMETER_GROUP,
                        "Cluster parameter group " + name + " does not exist"));
        zone.ifPresent(name -> require(Ec2Lookups.zoneExists(ctx, name), ZONE,
                "Availability Zone " + name + " does not exist in " + ctx.region()));
        List<String> missing = Ec2Lookups.missingSecurityGroups(ctx, securityGroups);
        require(missing.isEmpty(), VPC_SECURITY_GROUPS, "Security groups not found in " + ctx.region() + ": "
                + String.join(", ", missing));
        return new RedshiftRestorePlan(request.build(), tags);
    }

    static Artifact snapshotOf(Recoverable recoverable) {
        return recoverable.artifacts().stream()
                .filter(artifact -> RedshiftClusterTargetType.KIND.equals(artifact.kind()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Recoverable " + recoverable.key() + " holds no snapshot"));
    }

    private static boolean clusterExists(RedshiftClient redshift, String identifier) {
        try {
            return !redshift.describeClusters(b -> b.clusterIdentifier(identifier)).clusters().isEmpty();
        } catch (ClusterNotFoundException e) {
            return false;
        }
    }

    private static boolean subnetGroupExists(RedshiftClient redshift, String name) {
        try {
            return !redshift.describeClusterSubnetGroups(b -> b.clusterSubnetGroupName(name)).clusterSubnetGroups().isEmpty();
        } catch (ClusterSubnetGroupNotFoundException e) {
            return false;
        }
    }

    private static boolean parameterGroupExists(RedshiftClient redshift, String name) {
        try {
            return !redshift.describeClusterParameterGroups(b -> b.parameterGroupName(name)).parameterGroups().isEmpty();
        } catch (ClusterParameterGroupNotFoundException e) {
            return false;
        }
    }

    private static void require(boolean condition, String field, String reason) {
        if (!condition) {
            throw new InvalidRecoveryException(field, reason);
        }
    }
}
