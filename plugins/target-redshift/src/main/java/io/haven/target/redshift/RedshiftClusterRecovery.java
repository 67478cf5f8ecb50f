package io.haven.target.redshift;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryProgress;
import io.haven.api.recovery.RecoveryState;
import io.haven.api.recovery.TargetRecovery;
import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import io.haven.api.target.TargetType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.Cluster;
import software.amazon.awssdk.services.redshift.model.ClusterAlreadyExistsException;
import software.amazon.awssdk.services.redshift.model.ClusterNotFoundException;
import software.amazon.awssdk.services.redshift.model.ClusterParameterGroupNotFoundException;
import software.amazon.awssdk.services.redshift.model.ClusterSubnetGroupNotFoundException;
import software.amazon.awssdk.services.redshift.model.RestoreFromClusterSnapshotRequest;

/**
 * Recovers Redshift clusters from their snapshots (guide 9.6): RestoreFromClusterSnapshot, then the
 * tags, which that call cannot set.
 */
@Component(service = TargetRecovery.class,
        property = TargetType.SERVICE_PROPERTY_TYPE + "=" + RedshiftClusterTargetType.ID)
public final class RedshiftClusterRecovery implements TargetRecovery {

    @Override
    public String typeId() {
        return RedshiftClusterTargetType.ID;
    }

    @Override
    public List<Recoverable> recoverables(List<Artifact> artifacts) {
        return RedshiftRecoverables.of(artifacts);
    }

    @Override
    public void check(CloudContext ctx, Recoverable recoverable, Map<String, String> choices) {
        RedshiftRestorePlanner.plan(ctx, recoverable, choices);
    }

    @Override
    public void start(CloudContext ctx, Recoverable recoverable, Map<String, String> choices, RecoveryProgress progress) {
        RedshiftRestorePlan plan = RedshiftRestorePlanner.plan(ctx, recoverable, choices);
        RedshiftClient redshift = ctx.client(RedshiftClient.class);
        RestoreFromClusterSnapshotRequest request = plan.restore();
        progress.log("Restoring Redshift cluster " + request.clusterIdentifier() + " from snapshot "
                + request.snapshotIdentifier());
        Cluster cluster = restore(redshift, request);
        progress.created(new RecoveredResource(RedshiftRecoverables.KIND, cluster.clusterIdentifier(), ctx.region(),
                details(recoverable, request, cluster)));
        ClusterTags.apply(redshift, ClusterTags.arn(ctx, cluster.clusterIdentifier()), cluster.tags(), plan.tags());
        progress.log("Tagged cluster " + cluster.clusterIdentifier() + " with " + String.join(", ", plan.tags().keySet())
                + "; Redshift is creating it (status " + cluster.clusterStatus() + "), which usually takes several minutes");
    }

    @Override
    public RecoveryState poll(CloudContext ctx, RecoveredResource resource) {
        try {
            return ctx.client(RedshiftClient.class).describeClusters(b -> b.clusterIdentifier(resource.id())).clusters()
                    .stream().findFirst()
                    .map(RedshiftRecoveryStates::of)
                    .orElseGet(() -> RedshiftRecoveryStates.gone(resource.id()));
        } catch (ClusterNotFoundException e) {
            return RedshiftRecoveryStates.gone(resource.id());
        }
    }

    /** The choices were checked; what AWS still refuses before creating anything is reported against its option. */
    private static Cluster restore(RedshiftClient redshift, RestoreFromClusterSnapshotRequest request) {
        try {
            return redshift.restoreFromClusterSnapshot(request).cluster();
        } catch (ClusterAlreadyExistsException e) {
            throw new InvalidRecoveryException(RedshiftRecoverables.IDENTIFIER, "A Redshift cluster "
                    + request.clusterIdentifier() + " already exists; choose another identifier");
        } catch (ClusterSubnetGroupNotFoundException e) {
            throw new InvalidRecoveryException(RedshiftResources.SUBNET_GROUP, e.awsErrorDetails().errorMessage());
        } catch (ClusterParameterGroupNotFoundException e) {
            throw new InvalidRecoveryException(RedshiftResources.PARAMETER_GROUP, e.awsErrorDetails().errorMessage());
        }
    }

    private static Map<String, String> details(Recoverable recoverable, RestoreFromClusterSnapshotRequest request,
                                               Cluster cluster) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("recoveredFrom", recoverable.resourceId());
        details.put("snapshot", request.snapshotIdentifier());
        putIfPresent(details, RedshiftResources.NODE_TYPE, cluster.nodeType());
        putIfPresent(details, RedshiftResources.NUMBER_OF_NODES, cluster.numberOfNodes());
        putIfPresent(details, RedshiftResources.ZONE,
                request.availabilityZone() != null ? request.availabilityZone() : cluster.availabilityZone());
        putIfPresent(details, RedshiftResources.PORT, request.port());
        return details;
    }

    private static void putIfPresent(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
