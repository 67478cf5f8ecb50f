package io.haven.target.dynamodb;

import static io.haven.target.dynamodb.TableRecoverables.PAY_PER_REQUEST;
import static io.haven.target.dynamodb.TableRecoverables.PRESERVE_TAGS;
import static io.haven.target.dynamodb.TableRecoverables.PROVISIONED;
import static io.haven.target.dynamodb.TableRecoverables.TABLE_NAME;
import static io.haven.target.dynamodb.TableShape.BILLING_MODE;
import static io.haven.target.dynamodb.TableShape.GLOBAL_INDEXES;
import static io.haven.target.dynamodb.TableShape.READ_CAPACITY;
import static io.haven.target.dynamodb.TableShape.WRITE_CAPACITY;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import io.haven.aws.recovery.RecoveryChoices;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;

/**
 * Turns the choices for one DynamoDB recoverable into the RestoreTableFromBackup request and the
 * settings to re-apply, or refuses them: first their syntax, then against AWS (the table name is
 * free). Creates nothing.
 */
final class TableRestorePlanner {

    private static final Pattern TABLE_NAME_SYNTAX = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    private TableRestorePlanner() {
    }

    /** @throws InvalidRecoveryException naming the option that is not acceptable */
    static TableRestorePlan plan(CloudContext ctx, Recoverable recoverable, Map<String, String> chosen) {
        Artifact backup = backupOf(recoverable);
        RecoveryChoices choices = RecoveryChoices.of(recoverable, chosen);
        RestoreTableFromBackupRequest.Builder request = RestoreTableFromBackupRequest.builder().backupArn(backup.id());

        String tableName = choices.required(TABLE_NAME);
        require(TABLE_NAME_SYNTAX.matcher(tableName).matches(), TABLE_NAME,
                "A DynamoDB table name has 3 to 255 letters, digits, '_', '-' or '.', not '" + tableName + "'");
        request.targetTableName(tableName);
        Optional<String> billingMode = choices.text(BILLING_MODE);
        billingMode.ifPresent(request::billingModeOverride);
        if (billingMode.filter(PROVISIONED::equals).isPresent()) {
            require(!(PAY_PER_REQUEST.equals(backup.detail(BILLING_MODE)) && backup.detail(GLOBAL_INDEXES) != null),
                    BILLING_MODE, "The table has global secondary indexes (" + backup.detail(GLOBAL_INDEXES)
                            + ") that were on demand: restore it on demand and change the capacity mode afterwards");
            long read = choices.integer(READ_CAPACITY, 1, Integer.MAX_VALUE).orElseThrow(() ->
                    new InvalidRecoveryException(READ_CAPACITY, "readCapacity is required with billingMode=PROVISIONED"));
            long write = choices.integer(WRITE_CAPACITY, 1, Integer.MAX_VALUE).orElseThrow(() ->
                    new InvalidRecoveryException(WRITE_CAPACITY, "writeCapacity is required with billingMode=PROVISIONED"));
            request.provisionedThroughputOverride(b -> b.readCapacityUnits(read).writeCapacityUnits(write));
        } else {
            // recorded capacities simply do not apply on demand; capacities the user typed are a mistake
            for (String capacity : new String[] {READ_CAPACITY, WRITE_CAPACITY}) {
                require(!choices.isChosen(capacity) || choices.text(capacity).isEmpty(), capacity,
                        capacity + " applies only with billingMode=PROVISIONED");
            }
        }
        boolean preserveTags = choices.flag(PRESERVE_TAGS).orElse(true);

        // AWS last: the syntax is right by now
        require(!tableExists(ctx.client(DynamoDbClient.class), tableName), TABLE_NAME,
                "A table " + tableName + " already exists; choose another table name");
        return new TableRestorePlan(request.build(), RestoredTableSettings.tagsFor(backup, preserveTags),
                TableRecoverables.ttlAttribute(backup));
    }

    static Artifact backupOf(Recoverable recoverable) {
        return recoverable.artifacts().stream()
                .filter(artifact -> DynamoDbTableTargetType.KIND.equals(artifact.kind()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Recoverable " + recoverable.key() + " holds no table backup"));
    }

    private static boolean tableExists(DynamoDbClient dynamo, String tableName) {
        try {
            dynamo.describeTable(b -> b.tableName(tableName));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static void require(boolean condition, String field, String reason) {
        if (!condition) {
            throw new InvalidRecoveryException(field, reason);
        }
    }
}
