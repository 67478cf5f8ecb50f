package io.haven.target.dynamodb;

import static io.haven.target.dynamodb.TableShape.BILLING_MODE;
import static io.haven.target.dynamodb.TableShape.GLOBAL_INDEXES;
import static io.haven.target.dynamodb.TableShape.LOCAL_INDEXES;
import static io.haven.target.dynamodb.TableShape.READ_CAPACITY;
import static io.haven.target.dynamodb.TableShape.STREAM_VIEW_TYPE;
import static io.haven.target.dynamodb.TableShape.WRITE_CAPACITY;

import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveryOption;
import io.haven.api.target.Artifact;
import io.haven.aws.recovery.RecoveryNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DynamoDB part of a backup's recovery panel (guide 9.7): one recoverable per backed-up table,
 * its options defaulting to what the backup recorded.
 */
final class TableRecoverables {

    /** {@link Recoverable#kind()}, also the {@code RecoveredResource} kind of the restored table. */
    static final String KIND = "dynamodb-table";

    static final String TABLE_NAME = "tableName";
    static final String PRESERVE_TAGS = "preserveTags";
    // billingMode, readCapacity and writeCapacity carry the names of the details they default from
    static final String PROVISIONED = "PROVISIONED";
    static final String PAY_PER_REQUEST = "PAY_PER_REQUEST";
    static final List<String> BILLING_MODES = List.of(PROVISIONED, PAY_PER_REQUEST);
    static final List<String> BOOLEANS = List.of("true", "false");
    static final int MAX_TABLE_NAME = 255;
    private static final List<String> TTL_ON = List.of("ENABLED", "ENABLING");

    private TableRecoverables() {
    }

    static List<Recoverable> of(List<Artifact> artifacts) {
        // one backup per table and Haven backup; should there be two, the first one counts
        Map<String, Artifact> byTable = new LinkedHashMap<>();
        artifacts.stream().filter(artifact -> DynamoDbTableTargetType.KIND.equals(artifact.kind()))
                .forEach(artifact -> byTable.putIfAbsent(artifact.resourceId(), artifact));
        return byTable.values().stream().map(TableRecoverables::of).toList();
    }

    static Recoverable of(Artifact backup) {
        Map<String, String> recorded = backup.details();
        String tableName = backup.resourceId();
        List<RecoveryOption> options = List.of(
                RecoveryOption.free(TABLE_NAME, RecoveryNames.derived(tableName, RecoveryNames.RECOVERED, MAX_TABLE_NAME),
                        "Name of the new table; the original may still exist"),
                RecoveryOption.oneOf(BILLING_MODE, recorded.get(BILLING_MODE), "Capacity mode of the new table",
                        BILLING_MODES),
                RecoveryOption.free(READ_CAPACITY, recorded.get(READ_CAPACITY),
                        "Provisioned read capacity units of the table, for billingMode=PROVISIONED"),
                RecoveryOption.free(WRITE_CAPACITY, recorded.get(WRITE_CAPACITY),
                        "Provisioned write capacity units of the table, for billingMode=PROVISIONED"),
                RecoveryOption.oneOf(PRESERVE_TAGS, "true", "Give the new table the original's tags", BOOLEANS));
        return new Recoverable(KIND, tableName, DynamoDbTableTargetType.ID, tableName, backup.region(),
                tableName + ", backup " + recorded.getOrDefault(DynamoDbTableTargetType.DETAIL_BACKUP_NAME, backup.id()),
                options, notes(backup), List.of(backup));
    }

    /** The TTL attribute to enable on the restored table, when the original had TTL on. */
    static Optional<String> ttlAttribute(Artifact backup) {
        return TTL_ON.contains(backup.detail(TableSettings.TTL_STATUS))
                ? Optional.ofNullable(backup.detail(TableSettings.TTL_ATTRIBUTE)) : Optional.empty();
    }

    private static List<String> notes(Artifact backup) {
        Map<String, String> recorded = backup.details();
        List<String> notes = new ArrayList<>();
        notes.add("Restores backup " + recorded.getOrDefault(DynamoDbTableTargetType.DETAIL_BACKUP_NAME, backup.id())
                + " into a new table. The original, " + backup.resourceId()
                + ", may still exist: the table name defaults to a new name.");
        String ttl = ttlAttribute(backup).map(attribute -> "its Time To Live on attribute " + attribute)
                .orElse("its Time To Live setting (off)");
        notes.add("Haven restores what a DynamoDB restore leaves out: the original's tags (with preserveTags=true) and "
                + ttl + ", once the table is ACTIVE. It tags the table " + RestoredTableSettings.RECOVERED_FROM
                + "=<backup ARN>.");
        List<String> byHand = new ArrayList<>(List.of("auto scaling policies", "IAM policies",
                "CloudWatch metrics and alarms", "point-in-time recovery"));
        if (recorded.containsKey(STREAM_VIEW_TYPE)) {
            byHand.add("the stream (the original had one of view type " + recorded.get(STREAM_VIEW_TYPE) + ")");
        }
        notes.add("Recreate by hand on the restored table: " + String.join(", ", byHand) + ".");
        List<String> indexes = new ArrayList<>();
        Optional.ofNullable(recorded.get(GLOBAL_INDEXES)).ifPresent(names -> indexes.add("global " + names));
        Optional.ofNullable(recorded.get(LOCAL_INDEXES)).ifPresent(names -> indexes.add("local " + names));
        if (!indexes.isEmpty()) {
            notes.add("The secondary indexes come back with the table: " + String.join("; ", indexes) + ".");
        }
        if (recorded.containsKey(GLOBAL_INDEXES) && PAY_PER_REQUEST.equals(recorded.get(BILLING_MODE))) {
            notes.add("billingMode=PROVISIONED is refused for this table: its global indexes would need capacities "
                    + "of their own. Change the capacity mode after the recovery.");
        }
        notes.add("AWS limits how many tables restore at the same time: when it refuses, wait for running restores.");
        return notes;
    }
}
