package io.haven.target.rds;

import static io.haven.target.rds.DbInstanceResources.AUTO_MINOR_VERSION_UPGRADE;
import static io.haven.target.rds.DbInstanceResources.INSTANCE_CLASS;
import static io.haven.target.rds.DbInstanceResources.IOPS;
import static io.haven.target.rds.DbInstanceResources.MULTI_AZ;
import static io.haven.target.rds.DbInstanceResources.OPTION_GROUP;
import static io.haven.target.rds.DbInstanceResources.PARAMETER_GROUP;
import static io.haven.target.rds.DbInstanceResources.PORT;
import static io.haven.target.rds.DbInstanceResources.PUBLICLY_ACCESSIBLE;
import static io.haven.target.rds.DbInstanceResources.STORAGE_TYPE;
import static io.haven.target.rds.DbInstanceResources.SUBNET_GROUP;
import static io.haven.target.rds.DbInstanceResources.VPC_SECURITY_GROUPS;
import static io.haven.target.rds.DbInstanceResources.ZONE;
import static io.haven.target.rds.InstanceRecoverables.IDENTIFIER;
import static io.haven.target.rds.InstanceRecoverables.PRESERVE_TAGS;

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
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;

/**
 * Turns the choices for one RDS recoverable into the RestoreDBInstanceFromDBSnapshot request, or
 * refuses them: first their syntax, then against AWS (the identifier is free, the subnet group,
 * parameter group, zone and security groups exist). Creates nothing.
 */
final class InstanceRestorePlanner {

    static final int MIN_PORT = 1150;
    static final int MAX_PORT = 65535;
    static final int MIN_IOPS = 1000;
    static final int MAX_IOPS = 256000;
    private static final Set<String> PROVISIONED_IOPS_TYPES = Set.of("io1", "io2", "gp3");
    private static final Pattern INSTANCE_CLASS_SYNTAX = Pattern.compile("db\\.[a-z0-9]+(\\.[a-z0-9-]+)?");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9.:-]{0,254}");
    private static final Pattern SUBNET_GROUP_NAME = Pattern.compile("[A-Za-z0-9 ._-]{1,255}");
    private static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-[0-9a-f]{8,17}");
    private static final Pattern ZONE_SYNTAX = Pattern.compile("[a-z0-9-]+");
    /** AWS creates these on first use, so they need not exist yet. */
    private static final String DEFAULT_SUBNET_GROUP = "default";
    private static final String DEFAULT_GROUP_PREFIX = "default.";
    private static final String DEFAULT_OPTION_GROUP_PREFIX = "default:";

    private InstanceRestorePlanner() {
    }

    /** @throws InvalidRecoveryException naming the option that is not acceptable */
    static RestoreDbInstanceFromDbSnapshotRequest plan(CloudContext ctx, Recoverable recoverable, Map<String, String> chosen) {
        Artifact snapshot = snapshotOf(recoverable);
        RecoveryChoices choices = RecoveryChoices.of(recoverable, chosen);
        RestoreDbInstanceFromDbSnapshotRequest.Builder request = RestoreDbInstanceFromDbSnapshotRequest.builder()
                .dbSnapshotIdentifier(snapshot.id());

        String identifier = choices.required(IDENTIFIER);
        if (!AwsIdentifiers.isValid(identifier, AwsIdentifiers.MAX_RESOURCE_LENGTH)) {
            throw new InvalidRecoveryException(IDENTIFIER, "A DB instance identifier has 1 to 63 lower-case letters, "
                    + "digits or hyphens, starts with a letter and has no two hyphens in a row nor one at the end, not '"
                    + identifier + "'");
        }
        request.dbInstanceIdentifier(identifier);
        choices.text(INSTANCE_CLASS).ifPresent(instanceClass -> {
            require(INSTANCE_CLASS_SYNTAX.matcher(instanceClass).matches(), INSTANCE_CLASS,
                    "instanceClass must look like db.t3.micro, not '" + instanceClass + "'");
            request.dbInstanceClass(instanceClass);
        });
        choices.integer(PORT, MIN_PORT, MAX_PORT).ifPresent(request::port);
        boolean multiAz = choices.flag(MULTI_AZ).orElse(false);
        choices.flag(MULTI_AZ).ifPresent(request::multiAZ);
        Optional<String> zone = zone(ctx, choices, multiAz);
        zone.ifPresent(request::availabilityZone);
        Optional<String> subnetGroup = choices.text(SUBNET_GROUP);
        subnetGroup.ifPresent(name -> {
            require(SUBNET_GROUP_NAME.matcher(name).matches(), SUBNET_GROUP, "Not a DB subnet group name: '" + name + "'");
            request.dbSubnetGroupName(name);
        });
        choices.flag(PUBLICLY_ACCESSIBLE).ifPresent(request::publiclyAccessible);
        storage(choices, request);
        Optional<String> parameterGroup = choices.text(PARAMETER_GROUP);
        parameterGroup.ifPresent(name -> {
            require(GROUP_NAME.matcher(name).matches(), PARAMETER_GROUP, "Not a DB parameter group name: '" + name + "'");
            request.dbParameterGroupName(name);
        });
        choices.text(OPTION_GROUP).ifPresent(name -> {
            require(GROUP_NAME.matcher(name).matches(), OPTION_GROUP, "Not an option group name: '" + name + "'");
            // RDS gives a restored database the engine's default option group when none is named
            if (!name.startsWith(DEFAULT_OPTION_GROUP_PREFIX)) {
                request.optionGroupName(name);
            }
        });
        List<String> securityGroups = choices.list(VPC_SECURITY_GROUPS);
        securityGroups.forEach(id -> require(SECURITY_GROUP_ID.matcher(id).matches(), VPC_SECURITY_GROUPS,
                "Not a security group id: '" + id + "'"));
        if (!securityGroups.isEmpty()) {
            request.vpcSecurityGroupIds(securityGroups);
        }
        choices.flag(AUTO_MINOR_VERSION_UPGRADE).ifPresent(request::autoMinorVersionUpgrade);
        boolean preserveTags = choices.flag(PRESERVE_TAGS).orElse(true);
        request.tags(RdsTags.toTags(TagDetails.forRecovered(snapshot.details(), preserveTags, snapshot.id())));

        // AWS last: the syntax is right by now
        RdsClient rds = ctx.client(RdsClient.class);
        require(!RdsLookups.instanceExists(rds, identifier), IDENTIFIER,
                "A DB instance " + identifier + " already exists; choose another identifier");
        subnetGroup.filter(name -> !DEFAULT_SUBNET_GROUP.equals(name)).ifPresent(name ->
                require(RdsLookups.subnetGroupExists(rds, name), SUBNET_GROUP, "DB subnet group " + name + " does not exist"));
        parameterGroup.filter(name -> !name.startsWith(DEFAULT_GROUP_PREFIX)).ifPresent(name ->
                require(RdsLookups.parameterGroupExists(rds, name), PARAMETER_GROUP, "DB parameter group " + name + " does not exist"));
        zone.ifPresent(name -> require(Ec2Lookups.zoneExists(ctx, name), ZONE,
                "Availability Zone " + name + " does not exist in " + ctx.region()));
        List<String> missing = Ec2Lookups.missingSecurityGroups(ctx, securityGroups);
        require(missing.isEmpty(), VPC_SECURITY_GROUPS, "Security groups not found in " + ctx.region() + ": "
                + String.join(", ", missing));
        return request.build();
    }

    static Artifact snapshotOf(Recoverable recoverable) {
        return recoverable.artifacts().stream().filter(artifact -> RdsInstanceTargetType.KIND.equals(artifact.kind()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Recoverable " + recoverable.key() + " holds no DB snapshot"));
    }

    /** A zone given by the user is refused with Multi-AZ; a recorded one is then left out. */
    private static Optional<String> zone(CloudContext ctx, RecoveryChoices choices, boolean multiAz) {
        Optional<String> zone = choices.text(ZONE);
        if (zone.isEmpty()) {
            return zone;
        }
        if (multiAz) {
            require(!choices.isChosen(ZONE), ZONE, "zone cannot be set for a Multi-AZ database: RDS chooses the zones");
            return Optional.empty();
        }
        String name = zone.get();
        require(name.startsWith(ctx.region()) && ZONE_SYNTAX.matcher(name).matches(), ZONE,
                "zone must be an Availability Zone of " + ctx.region() + ", for example " + ctx.region() + "a, not '"
                        + name + "'");
        return zone;
    }

    /** IOPS belong to io1, io2 (required there) and gp3; a recorded value is dropped for other types. */
    private static void storage(RecoveryChoices choices, RestoreDbInstanceFromDbSnapshotRequest.Builder request) {
        Optional<String> storageType = choices.text(STORAGE_TYPE);
        storageType.ifPresent(request::storageType);
        boolean takesIops = storageType.map(PROVISIONED_IOPS_TYPES::contains).orElse(true);
        if (takesIops) {
            Optional<Integer> iops = choices.integer(IOPS, MIN_IOPS, MAX_IOPS);
            boolean required = storageType.filter(type -> type.startsWith("io")).isPresent();
            require(iops.isPresent() || !required, IOPS, "iops is required for " + storageType.orElse("") + " storage");
            iops.ifPresent(request::iops);
        } else {
            require(!choices.isChosen(IOPS) || choices.text(IOPS).isEmpty(), IOPS,
                    "iops applies only to io1, io2 and gp3 storage, not " + storageType.get());
        }
    }




    private static void require(boolean condition, String field, String reason) {
        if (!condition) {
            throw new InvalidRecoveryException(field, reason);
        }
    }
}
