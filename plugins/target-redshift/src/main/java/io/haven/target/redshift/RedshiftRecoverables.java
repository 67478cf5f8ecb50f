package io.haven.target.redshift;

import static io.haven.target.redshift.RedshiftResources.NODE_TYPE;
import static io.haven.target.redshift.RedshiftResources.NUMBER_OF_NODES;
import static io.haven.target.redshift.RedshiftResources.PARAMETER_GROUP;
import static io.haven.target.redshift.RedshiftResources.PORT;
import static io.haven.target.redshift.RedshiftResources.PUBLICLY_ACCESSIBLE;
import static io.haven.target.redshift.RedshiftResources.SUBNET_GROUP;
import static io.haven.target.redshift.RedshiftResources.VPC_SECURITY_GROUPS;
import static io.haven.target.redshift.RedshiftResources.ZONE;

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

/**
 * The Redshift part of a backup's recovery panel (guide 9.6): one recoverable per backed-up cluster,
 * its options defaulting to the settings the snapshot recorded.
 */
final class RedshiftRecoverables {

    /** {@link Recoverable#kind()}, also the {@code RecoveredResource} kind of the restored cluster. */
    static final String KIND = "redshift-cluster";

    static final String IDENTIFIER = "identifier";
    static final String PRESERVE_TAGS = "preserveTags";
    // the other options carry the names of the details they default from
    static final List<String> BOOLEANS = List.of("true", "false");

    private RedshiftRecoverables() {
    }

    static List<Recoverable> of(List<Artifact> artifacts) {
        // one snapshot per cluster and backup; should a backup hold two, the first one counts
        Map<String, Artifact> byCluster = new LinkedHashMap<>();
        artifacts.stream().filter(artifact -> RedshiftClusterTargetType.KIND.equals(artifact.kind()))
                .forEach(artifact -> byCluster.putIfAbsent(artifact.resourceId(), artifact));
        return byCluster.values().stream().map(RedshiftRecoverables::of).toList();
    }

    static Recoverable of(Artifact snapshot) {
        Map<String, String> recorded = snapshot.details();
        String clusterId = snapshot.resourceId();
        List<RecoveryOption> options = List.of(
                RecoveryOption.free(IDENTIFIER,
                        RecoveryNames.derived(clusterId, RecoveryNames.RECOVERED, AwsIdentifiers.MAX_RESOURCE_LENGTH),
                        "Cluster identifier of the new cluster; the original may still exist"),
                RecoveryOption.free(NODE_TYPE, recorded.get(NODE_TYPE),
                        "Node type; AWS restores into another type only where it supports that (RA3 targets)"),
                RecoveryOption.free(NUMBER_OF_NODES, recorded.get(NUMBER_OF_NODES),
                        "Number of nodes; changes are subject to the same AWS support as the node type"),
                RecoveryOption.free(ZONE, recorded.get(ZONE), "Availability Zone; empty lets Redshift choose").boundToRegion(),
                RecoveryOption.free(PORT, recorded.get(PORT),
                        "Port the cluster listens on: 1150 to 65535, for RA3 nodes 5431-5455 or 8191-8215"),
                RecoveryOption.free(SUBNET_GROUP, recorded.get(SUBNET_GROUP),
                        "Cluster subnet group (VPC); required to restore into a VPC").boundToRegion(),
                RecoveryOption.oneOf(PUBLICLY_ACCESSIBLE, recorded.get(PUBLICLY_ACCESSIBLE),
                        "Whether the cluster gets a public address", BOOLEANS),
                RecoveryOption.free(PARAMETER_GROUP, recorded.get(PARAMETER_GROUP), "Cluster parameter group").boundToRegion(),
                RecoveryOption.free(VPC_SECURITY_GROUPS, commaSeparated(recorded.get(VPC_SECURITY_GROUPS)),
                        "VPC security group ids, separated by commas").boundToRegion(),
                RecoveryOption.oneOf(PRESERVE_TAGS, "true", "Give the new cluster the original's tags", BOOLEANS));
        return new Recoverable(KIND, clusterId, RedshiftClusterTargetType.ID, clusterId, snapshot.region(),
                label(snapshot), options, notes(snapshot), List.of(snapshot));
    }

    private static String label(Artifact snapshot) {
        String nodes = snapshot.detail(NUMBER_OF_NODES);
        String type = snapshot.detail(NODE_TYPE);
        String facts = (nodes == null ? "" : nodes + " x ") + (type == null ? "" : type);
        return snapshot.resourceId() + (facts.isBlank() ? "" : " (" + facts.trim() + ")") + ", snapshot " + snapshot.id();
    }

    private static List<String> notes(Artifact snapshot) {
        List<String> notes = new ArrayList<>();
        notes.add("Restores snapshot " + snapshot.id() + " into a new cluster. The original, " + snapshot.resourceId()
                + ", may still exist: the identifier defaults to a new name.");
        notes.add("With preserveTags=true Haven gives the cluster the original's tags once Redshift has created it; "
                + "it always tags it " + TagDetails.RECOVERED_FROM + "=" + snapshot.id() + ".");
        String omitted = snapshot.detail(TagDetails.OMITTED);
        if (omitted != null) {
            notes.add(omitted + " of the original's tags did not fit on the snapshot (AWS allows "
                    + TagDetails.MAX_TAGS + " tags) and are not restored: add them by hand.");
        }
        notes.add("A cluster in a VPC cannot be restored outside a VPC (AWS refuses it).");
        notes.add("Settings not offered here (IAM roles, snapshot schedule and retention, maintenance window, "
                + "logging) are not copied from the original: review them after the recovery.");
        return notes;
    }

    /** The recorded list (spaces, as snapshot tags allow) as the option shows it. */
    static String commaSeparated(String spaceSeparated) {
        return spaceSeparated == null ? null : String.join(",", spaceSeparated.trim().split("\\s+"));
    }
}
