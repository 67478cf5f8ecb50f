package io.haven.target.aurora;

import io.haven.aws.rds.RdsRecoveryStates;
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
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.SourceType;

/**
 * Recovers Aurora clusters from their DB cluster snapshots (guide 9.5): RestoreDBClusterFromSnapshot,
 * then CreateDBInstance for the writer and, for a Multi-AZ cluster, one reader. The instances are
 * created at once: RDS accepts them while the cluster is still being restored.
 */
@Component(service = TargetRecovery.class,
        property = TargetType.SERVICE_PROPERTY_TYPE + "=" + AuroraClusterTargetType.ID)
public final class AuroraClusterRecovery implements TargetRecovery {

    private static final String WRITER = "writer";
    private static final String READER = "reader";

    @Override
    public String typeId() {
        return AuroraClusterTargetType.ID;
    }

    @Override
    public List<Recoverable> recoverables(List<Artifact> artifacts) {
        return ClusterRecoverables.of(artifacts);
    }

    @Override
    public void check(CloudContext ctx, Recoverable recoverable, Map<String, String> choices) {
        ClusterRestorePlanner.plan(ctx, recoverable, choices);
    }

    @Override
    public void start(CloudContext ctx, Recoverable recoverable, Map<String, String> choices, RecoveryProgress progress) {
        ClusterRestorePlan plan = ClusterRestorePlanner.plan(ctx, recoverable, choices);
        RdsClient rds = ctx.client(RdsClient.class);
        RestoreDbClusterFromSnapshotRequest request = plan.cluster();
        progress.log("Restoring Aurora cluster " + request.dbClusterIdentifier() + " from DB cluster snapshot "
                + request.snapshotIdentifier());
        DBCluster cluster = restore(rds, request);
        progress.created(new RecoveredResource(ClusterRecoverables.KIND, cluster.dbClusterIdentifier(), ctx.region(),
                clusterDetails(recoverable, request, cluster)));
        // from here on something exists: AWS errors go to the caller as they are
        plan.writer().ifPresent(writer -> createInstance(ctx, rds, writer, WRITER, progress));
        plan.reader().ifPresent(reader -> createInstance(ctx, rds, reader, READER, progress));
        progress.log("RDS is restoring cluster " + cluster.dbClusterIdentifier()
                + "; it and its instances usually take several minutes to become available");
    }

    @Override
    public RecoveryState poll(CloudContext ctx, RecoveredResource resource) {
        RdsClient rds = ctx.client(RdsClient.class);
        if (ClusterRecoverables.INSTANCE_KIND.equals(resource.kind())) {
            String what = "Aurora instance " + resource.id();
            try {
                return rds.describeDBInstances(b -> b.dbInstanceIdentifier(resource.id())).dbInstances().stream()
                        .findFirst()
                        .map(db -> RdsRecoveryStates.of(db.dbInstanceStatus(), what,
                                failedReason(rds, db.dbInstanceStatus(), SourceType.DB_INSTANCE, resource.id())))
                        .orElseGet(() -> RdsRecoveryStates.gone(what));
            } catch (DbInstanceNotFoundException e) {
                return RdsRecoveryStates.gone(what);
            }
        }
        String what = "Aurora cluster " + resource.id();
        try {
            return rds.describeDBClusters(b -> b.dbClusterIdentifier(resource.id())).dbClusters().stream()
                    .findFirst()
                    .map(cluster -> RdsRecoveryStates.of(cluster.status(), what,
                            failedReason(rds, cluster.status(), SourceType.DB_CLUSTER, resource.id())))
                    .orElseGet(() -> RdsRecoveryStates.gone(what));
        } catch (DbClusterNotFoundException e) {
            return RdsRecoveryStates.gone(what);
        }
    }

    /** The choices were checked; what AWS still refuses before creating anything is reported against its option. */
    private static DBCluster restore(RdsClient rds, RestoreDbClusterFromSnapshotRequest request) {
        try {
            return rds.restoreDBClusterFromSnapshot(request).dbCluster();
        } catch (DbClusterAlreadyExistsException e) {
            throw new InvalidRecoveryException(ClusterRecoverables.IDENTIFIER, "A DB cluster "
                    + request.dbClusterIdentifier() + " already exists; choose another identifier");
        } catch (DbSubnetGroupNotFoundException e) {
            throw new InvalidRecoveryException(ClusterResources.SUBNET_GROUP, e.awsErrorDetails().errorMessage());
        } catch (DbParameterGroupNotFoundException e) {
            throw new InvalidRecoveryException(ClusterResources.CLUSTER_PARAMETER_GROUP, e.awsErrorDetails().errorMessage());
        }
    }

    private static void createInstance(CloudContext ctx, RdsClient rds, CreateDbInstanceRequest request, String role,
                                       RecoveryProgress progress) {
        progress.log("Creating the " + role + " instance " + request.dbInstanceIdentifier() + " ("
                + request.dbInstanceClass() + ") in cluster " + request.dbClusterIdentifier());
        DBInstance instance = rds.createDBInstance(request).dbInstance();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("cluster", request.dbClusterIdentifier());
        details.put("role", role);
        putIfPresent(details, ClusterResources.INSTANCE_CLASS, instance.dbInstanceClass());
        putIfPresent(details, ClusterResources.ZONE,
                request.availabilityZone() != null ? request.availabilityZone() : instance.availabilityZone());
        progress.created(new RecoveredResource(ClusterRecoverables.INSTANCE_KIND, instance.dbInstanceIdentifier(),
                ctx.region(), details));
    }

    private static Map<String, String> clusterDetails(Recoverable recoverable, RestoreDbClusterFromSnapshotRequest request,
                                                      DBCluster cluster) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("recoveredFrom", recoverable.resourceId());
        details.put("snapshot", request.snapshotIdentifier());
        putIfPresent(details, ClusterResources.ENGINE, cluster.engine());
        putIfPresent(details, ClusterResources.PORT, cluster.port() != null ? cluster.port() : request.port());
        return details;
    }

    private static String failedReason(RdsClient rds, String status, SourceType type, String identifier) {
        return RdsRecoveryStates.isFailed(status) ? RdsRecoveryStates.latestEvent(rds, type, identifier) : null;
    }

    private static void putIfPresent(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
