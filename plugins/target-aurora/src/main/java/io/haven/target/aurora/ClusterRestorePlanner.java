package io.haven.target.aurora;

import static io.haven.target.aurora.ClusterRecoverables.IDENTIFIER;
import static io.haven.target.aurora.ClusterRecoverables.PRESERVE_TAGS;
import static io.haven.target.aurora.ClusterRecoverables.READER_SUFFIX;
import static io.haven.target.aurora.ClusterRecoverables.WRITER_IDENTIFIER;
import static io.haven.target.aurora.ClusterResources.CLUSTER_PARAMETER_GROUP;
import static io.haven.target.aurora.ClusterResources.ENGINE;
import static io.haven.target.aurora.ClusterResources.ENGINE_MODE;
import static io.haven.target.aurora.ClusterResources.INSTANCE_CLASS;
import static io.haven.target.aurora.ClusterResources.MULTI_AZ;
import static io.haven.target.aurora.ClusterResources.PORT;
import static io.haven.target.aurora.ClusterResources.PUBLICLY_ACCESSIBLE;
import static io.haven.target.aurora.ClusterResources.SUBNET_GROUP;
import static io.haven.target.aurora.ClusterResources.VPC_SECURITY_GROUPS;
import static io.haven.target.aurora.ClusterResources.ZONE;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import io.haven.aws.artifact.AwsIdentifiers;
import io.haven.aws.rds.RdsLookups;
import io.haven.aws.rds.RdsTags;
import io.haven.aws.recovery.Ec2Lookups;
import io.haven.aws.recovery.RecoveryChoices;
import io.haven.aws.recovery.TagDetails;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * Turns the choices for one Aurora recoverable into the requests that restore the cluster and
 * create its instances, or refuses them: first their syntax, then against AWS (the cluster and
 * instance identifiers are free, the subnet group, parameter group, zone and security groups
 * exist). Creates nothing.
 */
final class ClusterRestorePlanner {

    static final int MIN_PORT = 1150;
    static final int MAX_PORT = 65535;
    private static final Pattern INSTANCE_CLASS_SYNTAX = Pattern.compile("db\\.[a-z0-9]+(\\.[a-z0-9-]+)?");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9.:-]{0,254}");
    private static final Pattern SUBNET_GROUP_NAME = Pattern.compile("[A-Za-z0-9 ._-]{1,255}");
    private static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-[0-9a-f]{8,17}");
    private static final Pattern ZONE_SYNTAX = Pattern.compile("[a-z0-9-]+");
    private static final String IDENTIFIER_RULES = " has 1 to 63 lower-case letters, digits or hyphens, starts with a "
            + "letter and has no two hyphens in a row nor one at the end, not '";
    /** AWS creates these on first use, so they need not exist yet. */
    private static final String DEFAULT_SUBNET_GROUP = "default";
    private static final String DEFAULT_GROUP_PREFIX = "default.";

    private ClusterRestorePlanner() {
    }

    /** @throws InvalidRecoveryException naming the option that is not acceptable */
    static ClusterRestorePlan plan(CloudContext ctx, Recoverable recoverable, Map<String, String> chosen) {
        Artifact snapshot = snapshotOf(recoverable);
        RecoveryChoices choices = RecoveryChoices.of(recoverable, chosen);
        String engine = snapshot.detail(ENGINE);
        if (engine == null) {
            throw new IllegalArgumentException("DB cluster snapshot " + snapshot.id() + " recorded no engine");
        }
        boolean preserveTags = choices.flag(PRESERVE_TAGS).orElse(true);
        // the instances' own tags were not recorded: they get Haven's marker only
        List<Tag> marker =
                RdsTags.toTags(TagDetails.forRecovered(Map.of(), false, snapshot.id()));

        String identifier = identifier(choices, IDENTIFIER);
        RestoreDbClusterFromSnapshotRequest.Builder cluster = RestoreDbClusterFromSnapshotRequest.builder()
                .dbClusterIdentifier(identifier)
                .snapshotIdentifier(snapshot.id())
                .engine(engine)
                .tags(RdsTags.toTags(TagDetails.forRecovered(snapshot.details(), preserveTags, snapshot.id())));
        if (ClusterRecoverables.isServerless(snapshot)) {
            cluster.engineMode(snapshot.detail(ENGINE_MODE));
        }
        choices.integer(PORT, MIN_PORT, MAX_PORT).ifPresent(cluster::port);
        Optional<String> subnetGroup = choices.text(SUBNET_GROUP);
        subnetGroup.ifPresent(name -> {
            require(SUBNET_GROUP_NAME.matcher(name).matches(), SUBNET_GROUP, "Not a DB subnet group name: '" + name + "'");
            cluster.dbSubnetGroupName(name);
        });
        List<String> securityGroups = choices.list(VPC_SECURITY_GROUPS);
        securityGroups.forEach(id -> require(SECURITY_GROUP_ID.matcher(id).matches(), VPC_SECURITY_GROUPS,
                "Not a security group id: '" + id + "'"));
        if (!securityGroups.isEmpty()) {
            cluster.vpcSecurityGroupIds(securityGroups);
        }
        Optional<String> parameterGroup = choices.text(CLUSTER_PARAMETER_GROUP);
        parameterGroup.ifPresent(name -> {
            require(GROUP_NAME.matcher(name).matches(), CLUSTER_PARAMETER_GROUP,
                    "Not a DB cluster parameter group name: '" + name + "'");
            cluster.dbClusterParameterGroupName(name);
        });

        Optional<CreateDbInstanceRequest> writer = Optional.empty();
        Optional<CreateDbInstanceRequest> reader = Optional.empty();
        Optional<String> zone = Optional.empty();
        if (!ClusterRecoverables.isServerless(snapshot)) {
            String writerId = identifier(choices, WRITER_IDENTIFIER);
            String instanceClass = choices.required(INSTANCE_CLASS);
            require(INSTANCE_CLASS_SYNTAX.matcher(instanceClass).matches(), INSTANCE_CLASS,
                    "instanceClass must look like db.r6g.large, not '" + instanceClass + "'");
            zone = zone(ctx, choices);
            Optional<Boolean> publiclyAccessible = choices.flag(PUBLICLY_ACCESSIBLE);
            CreateDbInstanceRequest.Builder common = CreateDbInstanceRequest.builder()
                    .dbClusterIdentifier(identifier).engine(engine).dbInstanceClass(instanceClass).tags(marker);
            publiclyAccessible.ifPresent(common::publiclyAccessible);
            CreateDbInstanceRequest instance = common.build();
            CreateDbInstanceRequest.Builder writerRequest = instance.toBuilder().dbInstanceIdentifier(writerId);
            zone.ifPresent(writerRequest::availabilityZone);
            writer = Optional.of(writerRequest.build());
            if (choices.flag(MULTI_AZ).orElse(false)) {
                require(identifier.length() + READER_SUFFIX.length() <= AwsIdentifiers.MAX_RESOURCE_LENGTH, IDENTIFIER,
                        "With multiAz=true the identifier has at most "
                                + (AwsIdentifiers.MAX_RESOURCE_LENGTH - READER_SUFFIX.length())
                                + " characters: the reader is named <identifier>" + READER_SUFFIX);
                String readerId = identifier + READER_SUFFIX;
                require(!readerId.equals(writerId), WRITER_IDENTIFIER,
                        "writerIdentifier " + writerId + " is the reader's name; choose another");
                reader = Optional.of(instance.toBuilder().dbInstanceIdentifier(readerId).build());
            }
        }

        // AWS last: the syntax is right by now
        RdsClient rds = ctx.client(RdsClient.class);
        require(!RdsLookups.clusterExists(rds, identifier), IDENTIFIER,
                "A DB cluster " + identifier + " already exists; choose another identifier");
        writer.ifPresent(request -> require(!RdsLookups.instanceExists(rds, request.dbInstanceIdentifier()), WRITER_IDENTIFIER,
                "A DB instance " + request.dbInstanceIdentifier() + " already exists; choose another writerIdentifier"));
        reader.ifPresent(request -> require(!RdsLookups.instanceExists(rds, request.dbInstanceIdentifier()), IDENTIFIER,
                "A DB instance " + request.dbInstanceIdentifier() + " already exists and the reader needs that name; "
                        + "choose another identifier"));
        subnetGroup.filter(name -> !DEFAULT_SUBNET_GROUP.equals(name)).ifPresent(name ->
                require(RdsLookups.subnetGroupExists(rds, name), SUBNET_GROUP, "DB subnet group " + name + " does not exist"));
        parameterGroup.filter(name -> !name.startsWith(DEFAULT_GROUP_PREFIX)).ifPresent(name ->
                require(RdsLookups.clusterParameterGroupExists(rds, name), CLUSTER_PARAMETER_GROUP,
                        "DB cluster parameter group " + name + " does not exist"));
        zone.ifPresent(name -> require(Ec2Lookups.zoneExists(ctx, name), ZONE,
                "Availability Zone " + name + " does not exist in " + ctx.region()));
        List<String> missing = Ec2Lookups.missingSecurityGroups(ctx, securityGroups);
        require(missing.isEmpty(), VPC_SECURITY_GROUPS, "Security groups not found in " + ctx.region() + ": "
                + String.join(", ", missing));
        return new ClusterRestorePlan(cluster.build(), writer, reader);
    }

    static Artifact snapshotOf(Recoverable recoverable) {
        return recoverable.artifacts().stream().filter(artifact -> AuroraClusterTargetType.KIND.equals(artifact.kind()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "Recoverable " + recoverable.key() + " holds no DB cluster snapshot"));
    }

    private static String identifier(RecoveryChoices choices, String option) {
        String identifier = choices.required(option);
        require(AwsIdentifiers.isValid(identifier, AwsIdentifiers.MAX_RESOURCE_LENGTH), option,
                "An identifier" + IDENTIFIER_RULES + identifier + "'");
        return identifier;
    }

    private static Optional<String> zone(CloudContext ctx, RecoveryChoices choices) {
        Optional<String> zone = choices.text(ZONE);
        zone.ifPresent(name -> require(name.startsWith(ctx.region()) && ZONE_SYNTAX.matcher(name).matches(), ZONE,
                "zone must be an Availability Zone of " + ctx.region() + ", for example " + ctx.region() + "a, not '"
                        + name + "'"));
        return zone;
    }





    private static void require(boolean condition, String field, String reason) {
        if (!condition) {
            throw new InvalidRecoveryException(field, reason);
        }
    }
}
