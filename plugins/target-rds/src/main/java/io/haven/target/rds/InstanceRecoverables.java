package io.haven.target.rds;

import static io.haven.target.rds.DbInstanceResources.AUTO_MINOR_VERSION_UPGRADE;
import static io.haven.target.rds.DbInstanceResources.ENGINE;
import static io.haven.target.rds.DbInstanceResources.ENGINE_VERSION;
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

import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveryOption;
import io.haven.api.target.Artifact;
import io.haven.aws.artifact.AwsIdentifiers;
import io.haven.aws.recovery.RecoveryNames;
import io.haven.aws.recovery.TagDetails;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The RDS part of a backup's recovery panel (guide 9.4): one recoverable per backed-up DB instance,
 * its options defaulting to the settings the snapshot recorded.
 */
final class InstanceRecoverables {

    /** {@link Recoverable#kind()}, also the {@code RecoveredResource} kind of the restored instance. */
    static final String KIND = "rds-instance";

    static final String IDENTIFIER = "identifier";
    static final String PRESERVE_TAGS = "preserveTags";
    // the other options carry the names of the details they default from
    static final List<String> STORAGE_TYPES = List.of("standard", "gp2", "gp3", "io1", "io2");
    static final List<String> BOOLEANS = List.of("true", "false");

    private InstanceRecoverables() {
    }

    static List<Recoverable> of(List<Artifact> artifacts) {
        // one snapshot per instance and backup; should a backup hold two, the first one counts
        Map<String, Artifact> byInstance = new LinkedHashMap<>();
        artifacts.stream().filter(artifact -> RdsInstanceTargetType.KIND.equals(artifact.kind()))
                .forEach(artifact -> byInstance.putIfAbsent(artifact.resourceId(), artifact));
        return byInstance.values().stream().map(InstanceRecoverables::of).toList();
    }

    static Recoverable of(Artifact snapshot) {
        Map<String, String> recorded = snapshot.details();
        String instanceId = snapshot.resourceId();
        boolean multiAz = "true".equals(recorded.get(MULTI_AZ));
        List<RecoveryOption> options = List.of(
                RecoveryOption.free(IDENTIFIER,
                        RecoveryNames.derived(instanceId, RecoveryNames.RECOVERED, AwsIdentifiers.MAX_RESOURCE_LENGTH),
                        "DB instance identifier of the new database; the original may still exist"),
                RecoveryOption.free(INSTANCE_CLASS, recorded.get(INSTANCE_CLASS), "DB instance class, for example db.t3.micro"),
                // RDS picks the zones of a Multi-AZ database itself
                RecoveryOption.free(ZONE, multiAz ? null : recorded.get(ZONE),
                        "Availability Zone; leave empty with multiAz=true or to let RDS choose").boundToRegion(),
                RecoveryOption.oneOf(MULTI_AZ, recorded.getOrDefault(MULTI_AZ, "false"), "Multi-AZ deployment", BOOLEANS),
                RecoveryOption.free(PORT, recorded.get(PORT), "Port the database listens on, 1150 to 65535"),
                RecoveryOption.free(SUBNET_GROUP, recorded.get(SUBNET_GROUP), "DB subnet group (VPC) to launch the database in").boundToRegion(),
                RecoveryOption.oneOf(PUBLICLY_ACCESSIBLE, recorded.get(PUBLICLY_ACCESSIBLE),
                        "Whether the database gets a public address", BOOLEANS),
                RecoveryOption.oneOf(STORAGE_TYPE, recorded.get(STORAGE_TYPE), "Storage type", STORAGE_TYPES),
                RecoveryOption.free(IOPS, recorded.get(IOPS), "Provisioned IOPS for io1, io2 and gp3 storage"),
                RecoveryOption.free(PARAMETER_GROUP, recorded.get(PARAMETER_GROUP), "DB parameter group").boundToRegion(),
                RecoveryOption.free(OPTION_GROUP, recorded.get(OPTION_GROUP), "Option group").boundToRegion(),
                RecoveryOption.free(VPC_SECURITY_GROUPS, commaSeparated(recorded.get(VPC_SECURITY_GROUPS)),
                        "VPC security group ids, separated by commas").boundToRegion(),
                RecoveryOption.oneOf(AUTO_MINOR_VERSION_UPGRADE, recorded.get(AUTO_MINOR_VERSION_UPGRADE),
                        "Whether minor engine upgrades are applied in the maintenance window", BOOLEANS),
                RecoveryOption.oneOf(PRESERVE_TAGS, "true", "Give the new database the original's tags", BOOLEANS));
        return new Recoverable(KIND, instanceId, RdsInstanceTargetType.ID, instanceId, snapshot.region(),
                label(snapshot), options, notes(snapshot), List.of(snapshot));
    }

    private static String label(Artifact snapshot) {
        Map<String, String> recorded = snapshot.details();
        String engine = Stream.of(recorded.get(ENGINE), recorded.get(ENGINE_VERSION)).filter(Objects::nonNull)
                .collect(Collectors.joining(" "));
        String facts = Stream.of(engine, recorded.get(INSTANCE_CLASS)).filter(s -> s != null && !s.isEmpty())
                .collect(Collectors.joining(", "));
        return snapshot.resourceId() + (facts.isEmpty() ? "" : " (" + facts + ")") + ", DB snapshot " + snapshot.id();
    }

    private static List<String> notes(Artifact snapshot) {
        List<String> notes = new ArrayList<>();
        notes.add("Restores DB snapshot " + snapshot.id() + " into a new database. The original, "
                + snapshot.resourceId() + ", may still exist: the identifier defaults to a new name.");
        notes.add("With preserveTags=true Haven gives the database the original's tags; it always tags it "
                + TagDetails.RECOVERED_FROM + "=" + snapshot.id() + ".");
        String omitted = snapshot.detail(TagDetails.OMITTED);
        if (omitted != null) {
            notes.add(omitted + " of the original's tags did not fit on the snapshot (AWS allows "
                    + TagDetails.MAX_TAGS + " tags) and are not restored: add them by hand.");
        }
        notes.add("zone cannot be combined with multiAz=true: RDS then chooses the zones.");
        notes.add("A database in a VPC subnet group cannot be restored outside a VPC (AWS refuses it).");
        notes.add("Settings not offered here (backup retention, maintenance window, monitoring, log exports, "
                + "deletion protection) are not copied from the original: review them after the recovery.");
        return notes;
    }

    /** The recorded list (spaces, as snapshot tags allow) as the option shows it. */
    static String commaSeparated(String spaceSeparated) {
        return spaceSeparated == null ? null : String.join(",", spaceSeparated.trim().split("\\s+"));
    }
}
