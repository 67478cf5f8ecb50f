package io.haven.target.rds;

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
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.OptionGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.SourceType;
import software.amazon.awssdk.services.rds.model.StorageTypeNotSupportedException;

/**
 * Recovers RDS databases from their DB snapshots (guide 9.4): one RestoreDBInstanceFromDBSnapshot
 * per database, with the original's settings as defaults and its tags put back.
 */
@Component(service = TargetRecovery.class,
        property = TargetType.SERVICE_PROPERTY_TYPE + "=" + RdsInstanceTargetType.ID)
public final class RdsInstanceRecovery implements TargetRecovery {

    @Override
    public String typeId() {
        return RdsInstanceTargetType.ID;
    }

    @Override
    public List<Recoverable> recoverables(List<Artifact> artifacts) {
        return InstanceRecoverables.of(artifacts);
    }

    @Override
    public void check(CloudContext ctx, Recoverable recoverable, Map<String, String> choices) {
        InstanceRestorePlanner.plan(ctx, recoverable, choices);
    }

    @Override
    public void start(CloudContext ctx, Recoverable recoverable, Map<String, String> choices, RecoveryProgress progress) {
        RestoreDbInstanceFromDbSnapshotRequest request = InstanceRestorePlanner.plan(ctx, recoverable, choices);
        String identifier = request.dbInstanceIdentifier();
        progress.log("Restoring RDS database " + identifier + " from DB snapshot " + request.dbSnapshotIdentifier());
        DBInstance db = restore(ctx.client(RdsClient.class), request);
        progress.created(new RecoveredResource(InstanceRecoverables.KIND, db.dbInstanceIdentifier(), ctx.region(),
                details(recoverable, request, db)));
        progress.log("RDS is creating database " + db.dbInstanceIdentifier() + " (status " + db.dbInstanceStatus()
                + "); a restore usually takes several minutes");
    }

    @Override
    public RecoveryState poll(CloudContext ctx, RecoveredResource resource) {
        RdsClient rds = ctx.client(RdsClient.class);
        String what = "RDS database " + resource.id();
        try {
            return rds.describeDBInstances(b -> b.dbInstanceIdentifier(resource.id())).dbInstances().stream()
                    .findFirst()
                    .map(db -> RdsRecoveryStates.of(db.dbInstanceStatus(), what,
                            failedReason(rds, db.dbInstanceStatus(), resource.id())))
                    .orElseGet(() -> RdsRecoveryStates.gone(what));
        } catch (DbInstanceNotFoundException e) {
            return RdsRecoveryStates.gone(what);
        }
    }

    /** The choices were checked; what AWS still refuses before creating anything is reported against its option. */
    private static DBInstance restore(RdsClient rds, RestoreDbInstanceFromDbSnapshotRequest request) {
        try {
            return rds.restoreDBInstanceFromDBSnapshot(request).dbInstance();
        } catch (DbInstanceAlreadyExistsException e) {
            throw new InvalidRecoveryException(InstanceRecoverables.IDENTIFIER, "A DB instance "
                    + request.dbInstanceIdentifier() + " already exists; choose another identifier");
        } catch (DbSubnetGroupNotFoundException e) {
            throw new InvalidRecoveryException(DbInstanceResources.SUBNET_GROUP, e.awsErrorDetails().errorMessage());
        } catch (DbParameterGroupNotFoundException e) {
            throw new InvalidRecoveryException(DbInstanceResources.PARAMETER_GROUP, e.awsErrorDetails().errorMessage());
        } catch (OptionGroupNotFoundException e) {
            throw new InvalidRecoveryException(DbInstanceResources.OPTION_GROUP, e.awsErrorDetails().errorMessage());
        } catch (StorageTypeNotSupportedException e) {
            throw new InvalidRecoveryException(DbInstanceResources.STORAGE_TYPE, e.awsErrorDetails().errorMessage());
        }
    }

    private static Map<String, String> details(Recoverable recoverable, RestoreDbInstanceFromDbSnapshotRequest request,
                                               DBInstance db) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("recoveredFrom", recoverable.resourceId());
        details.put("snapshot", request.dbSnapshotIdentifier());
        putIfPresent(details, DbInstanceResources.INSTANCE_CLASS,
                db.dbInstanceClass() != null ? db.dbInstanceClass() : request.dbInstanceClass());
        putIfPresent(details, DbInstanceResources.ZONE,
                request.availabilityZone() != null ? request.availabilityZone() : db.availabilityZone());
        putIfPresent(details, DbInstanceResources.MULTI_AZ, request.multiAZ());
        putIfPresent(details, DbInstanceResources.PORT, request.port());
        return details;
    }

    private static String failedReason(RdsClient rds, String status, String identifier) {
        return RdsRecoveryStates.isFailed(status) ? RdsRecoveryStates.latestEvent(rds, SourceType.DB_INSTANCE, identifier)
                : null;
    }

    private static void putIfPresent(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
