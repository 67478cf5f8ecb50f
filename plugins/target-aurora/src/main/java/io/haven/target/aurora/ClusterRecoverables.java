package io.haven.target.aurora;

import static io.haven.target.aurora.ClusterResources.CLUSTER_PARAMETER_GROUP;
import static io.haven.target.aurora.ClusterResources.ENGINE;
import static io.haven.target.aurora.ClusterResources.ENGINE_MODE;
import static io.haven.target.aurora.ClusterResources.ENGINE_VERSION;
import static io.haven.target.aurora.ClusterResources.INSTANCE_CLASS;
import static io.haven.target.aurora.ClusterResources.MULTI_AZ;
import static io.haven.target.aurora.ClusterResources.PORT;
import static io.haven.target.aurora.ClusterResources.PUBLICLY_ACCESSIBLE;
import static io.haven.target.aurora.ClusterResources.READERS;
import static io.haven.target.aurora.ClusterResources.SUBNET_GROUP;
import static io.haven.target.aurora.ClusterResources.VPC_SECURITY_GROUPS;
import static io.haven.target.aurora.ClusterResources.WRITER_INSTANCE_ID;
import static io.haven.target.aurora.ClusterResources.ZONE;

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
 * The Aurora part of a backup's recovery panel (guide 9.5): one recoverable per backed-up cluster,
 * its options defaulting to the settings the cluster snapshot recorded.
 */
final class ClusterRecoverables {

    /** {@link Recoverable#kind()}, also the {@code RecoveredResource} kind of the restored cluster. */
    static final String KIND = "aurora-cluster";
    /** {@code RecoveredResource} kind of the writer and reader instances that recovery creates. */
    static final String INSTANCE_KIND = "aurora-instance";

    static final String IDENTIFIER = "identifier";
    static final String WRITER_IDENTIFIER = "writerIdentifier";
    static final String PRESERVE_TAGS = "preserveTags";
    // the other options carry the names of the details they default from
    /** The reader is named after the cluster; the guide's "_reader" is not allowed in RDS identifiers. */
    static final String READER_SUFFIX = "-reader";
    static final List<String> BOOLEANS = List.of("true", "false");
    /** Aurora Serverless v1 clusters have no instances to create. */
    static final String SERVERLESS = "serverless";

    private ClusterRecoverables() {
    }

    static List<Recoverable> of(List<Artifact> artifacts) {
        // one snapshot per cluster and backup; should a backup hold two, the first one counts
        Map<String, Artifact> byCluster = new LinkedHashMap<>();
        artifacts.stream().filter(artifact -> AuroraClusterTargetType.KIND.equals(artifact.kind()))
                .forEach(artifact -> byCluster.putIfAbsent(artifact.resourceId(), artifact));
        return byCluster.values().stream().map(ClusterRecoverables::of).toList();
    }

    static boolean isServerless(Artifact snapshot) {
        return SERVERLESS.equals(snapshot.detail(ENGINE_MODE));
    }

    static Recoverable of(Artifact snapshot) {
        Map<String, String> recorded = snapshot.details();
        String clusterId = snapshot.resourceId();
        // short enough that "<identifier>-reader" is a valid instance identifier too
        String identifier = RecoveryNames.derived(clusterId, RecoveryNames.RECOVERED,
                AwsIdentifiers.MAX_RESOURCE_LENGTH - READER_SUFFIX.length());
        List<RecoveryOption> options = new ArrayList<>();
        options.add(RecoveryOption.free(IDENTIFIER, identifier,
                "DB cluster identifier of the new cluster; the original may still exist"));
        if (!isServerless(snapshot)) {
            String writer = recorded.get(WRITER_INSTANCE_ID);
            options.add(RecoveryOption.free(WRITER_IDENTIFIER,
                    writer != null ? RecoveryNames.derived(writer, RecoveryNames.RECOVERED, AwsIdentifiers.MAX_RESOURCE_LENGTH)
                            : RecoveryNames.derived(identifier, "-writer", AwsIdentifiers.MAX_RESOURCE_LENGTH),
                    "DB instance identifier of the new writer instance"));
            options.add(RecoveryOption.free(INSTANCE_CLASS, recorded.get(INSTANCE_CLASS),
                    "DB instance class of the writer and the reader, for example db.r6g.large"));
            options.add(RecoveryOption.free(ZONE, recorded.get(ZONE),
                    "Availability Zone of the writer; empty lets RDS choose").boundToRegion());
            options.add(RecoveryOption.oneOf(MULTI_AZ, String.valueOf(readers(snapshot) > 0),
                    "Also create a reader, <identifier>" + READER_SUFFIX + ", for a Multi-AZ cluster", BOOLEANS));
            options.add(RecoveryOption.oneOf(PUBLICLY_ACCESSIBLE, recorded.get(PUBLICLY_ACCESSIBLE),
                    "Whether the instances get public addresses", BOOLEANS));
        }
        options.add(RecoveryOption.free(PORT, recorded.get(PORT), "Port the cluster listens on, 1150 to 65535"));
        options.add(RecoveryOption.free(SUBNET_GROUP, recorded.get(SUBNET_GROUP), "DB subnet group (VPC) of the cluster").boundToRegion());
        options.add(RecoveryOption.free(VPC_SECURITY_GROUPS, commaSeparated(recorded.get(VPC_SECURITY_GROUPS)),
                "VPC security group ids, separated by commas").boundToRegion());
        options.add(RecoveryOption.free(CLUSTER_PARAMETER_GROUP, recorded.get(CLUSTER_PARAMETER_GROUP),
                "DB cluster parameter group").boundToRegion());
        options.add(RecoveryOption.oneOf(PRESERVE_TAGS, "true", "Give the new cluster the original's tags", BOOLEANS));
        return new Recoverable(KIND, clusterId, AuroraClusterTargetType.ID, clusterId, snapshot.region(),
                label(snapshot), options, notes(snapshot), List.of(snapshot));
    }

    static int readers(Artifact snapshot) {
        try {
            return Integer.parseInt(snapshot.details().getOrDefault(READERS, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String label(Artifact snapshot) {
        Map<String, String> recorded = snapshot.details();
        String engine = Stream.of(recorded.get(ENGINE), recorded.get(ENGINE_VERSION)).filter(Objects::nonNull)
                .collect(Collectors.joining(" "));
        String facts = Stream.of(engine, recorded.get(INSTANCE_CLASS),
                        isServerless(snapshot) ? SERVERLESS : 1 + readers(snapshot) + " instances")
                .filter(s -> s != null && !s.isEmpty()).collect(Collectors.joining(", "));
        return snapshot.resourceId() + " (" + facts + "), DB cluster snapshot " + snapshot.id();
    }

    private static List<String> notes(Artifact snapshot) {
        List<String> notes = new ArrayList<>();
        if (isServerless(snapshot)) {
            notes.add("Restores DB cluster snapshot " + snapshot.id() + " into a new Aurora Serverless cluster.");
        } else {
            notes.add("Restores DB cluster snapshot " + snapshot.id() + " into a new cluster, then creates its writer "
                    + "instance and, with multiAz=true, one reader named <identifier>" + READER_SUFFIX
                    + ", both of class instanceClass. zone places the writer; RDS places the reader.");
            if (readers(snapshot) > 1) {
                notes.add("The original had " + readers(snapshot) + " readers; Haven creates one: add the others by hand.");
            }
        }
        notes.add("The original, " + snapshot.resourceId() + ", may still exist: the identifiers default to new names.");
        notes.add("With preserveTags=true Haven gives the cluster the original's tags; it tags the cluster and its "
                + "instances " + TagDetails.RECOVERED_FROM + "=" + snapshot.id() + ".");
        String omitted = snapshot.detail(TagDetails.OMITTED);
        if (omitted != null) {
            notes.add(omitted + " of the original's tags did not fit on the snapshot (AWS allows "
                    + TagDetails.MAX_TAGS + " tags) and are not restored: add them by hand.");
        }
        notes.add("Settings not offered here (backup retention, maintenance window, monitoring, log exports, "
                + "deletion protection, the instances' parameter groups) are not copied from the original: "
                + "review them after the recovery.");
        return notes;
    }

    /** The recorded list (spaces, as snapshot tags allow) as the option shows it. */
    static String commaSeparated(String spaceSeparated) {
        return spaceSeparated == null ? null : String.join(",", spaceSeparated.trim().split("\\s+"));
    }
}
