package io.haven.target.dynamodb;

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
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Recovers DynamoDB tables from their backups (guide 9.7): RestoreTableFromBackup, which returns at
 * once; the tags and Time To Live, which a restore leaves out, are applied by {@link #poll} once
 * the table is ACTIVE (see {@link RestoredTableSettings}).
 */
@Component(service = TargetRecovery.class,
        property = TargetType.SERVICE_PROPERTY_TYPE + "=" + DynamoDbTableTargetType.ID)
public final class DynamoDbTableRecovery implements TargetRecovery {

    /** Statuses from which the table will not become usable without someone stepping in. */
    private static final Set<TableStatus> FAILED = Set.of(TableStatus.DELETING, TableStatus.ARCHIVING,
            TableStatus.ARCHIVED, TableStatus.INACCESSIBLE_ENCRYPTION_CREDENTIALS);

    @Override
    public String typeId() {
        return DynamoDbTableTargetType.ID;
    }

    @Override
    public List<Recoverable> recoverables(List<Artifact> artifacts) {
        return TableRecoverables.of(artifacts);
    }

    @Override
    public void check(CloudContext ctx, Recoverable recoverable, Map<String, String> choices) {
        TableRestorePlanner.plan(ctx, recoverable, choices);
    }

    @Override
    public void start(CloudContext ctx, Recoverable recoverable, Map<String, String> choices, RecoveryProgress progress) {
        TableRestorePlan plan = TableRestorePlanner.plan(ctx, recoverable, choices);
        RestoreTableFromBackupRequest request = plan.restore();
        progress.log("Restoring DynamoDB table " + request.targetTableName() + " from backup " + request.backupArn());
        TableDescription table = restore(ctx.client(DynamoDbClient.class), request);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("recoveredFrom", recoverable.resourceId());
        details.put("backup", request.backupArn());
        details.putAll(RestoredTableSettings.pending(plan));
        progress.created(new RecoveredResource(TableRecoverables.KIND, table.tableName(), ctx.region(), details));
        progress.log("DynamoDB is creating table " + table.tableName() + " (status " + table.tableStatusAsString()
                + "); Haven applies its tags" + plan.ttlAttribute().map(a -> " and Time To Live on " + a).orElse("")
                + " once it is ACTIVE");
    }

    @Override
    public RecoveryState poll(CloudContext ctx, RecoveredResource resource) {
        DynamoDbClient dynamo = ctx.client(DynamoDbClient.class);
        TableDescription table;
        try {
            table = dynamo.describeTable(b -> b.tableName(resource.id())).table();
        } catch (ResourceNotFoundException e) {
            return RecoveryState.failed("DynamoDB table " + resource.id() + " no longer exists");
        }
        if (table.tableStatus() == TableStatus.ACTIVE) {
            return RestoredTableSettings.apply(dynamo, table, resource);
        }
        if (FAILED.contains(table.tableStatus())) {
            return RecoveryState.failed("DynamoDB table " + resource.id() + " is " + table.tableStatusAsString());
        }
        return RecoveryState.pending(table.tableStatusAsString());
    }

    /** The choices were checked; a table that appeared since is reported against the table name. */
    private static TableDescription restore(DynamoDbClient dynamo, RestoreTableFromBackupRequest request) {
        try {
            return dynamo.restoreTableFromBackup(request).tableDescription();
        } catch (TableAlreadyExistsException e) {
            throw new InvalidRecoveryException(TableRecoverables.TABLE_NAME, "A table " + request.targetTableName()
                    + " already exists; choose another table name");
        }
    }
}
