package io.haven.target.dynamodb;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.LimitCategory;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetNotFoundException;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.aws.artifact.CreateOnce;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

/**
 * Backs up one DynamoDB table as one on-demand backup. Backups carry no tags, so Haven names them
 * {@code haven-<backupId>-<table>} (see {@link BackupNames}) to find a run's backups again, and
 * records what a restore does not bring back, the table's tags and TTL setting, in the artifact's
 * details (see {@link TableSettings}; guide 9), next to its capacity, indexes and stream
 * ({@link TableShape}).
 */
@Component(service = TargetType.class, property = TargetType.SERVICE_PROPERTY_TYPE + "=" + DynamoDbTableTargetType.ID)
public final class DynamoDbTableTargetType implements TargetType {

    static final int MAX_TABLES_PER_POLICY = 100;

    public static final String ID = "dynamodb-table";
    /** {@link Artifact#kind()} of a table backup; its {@link Artifact#id()} is the backup ARN. */
    public static final String KIND = "dynamodb-backup";
    public static final String DETAIL_BACKUP_NAME = "backupName";

    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "DynamoDB table";
    }

    /**
     * Guide 10: DynamoDB's own on-demand backups cannot be copied to another region (only AWS Backup's can); the
     * backup's log says so.
     */
    @Override
    public Optional<String> notCopiedBecause() {
        return Optional.of("DynamoDB table backups are not copied to other regions: AWS cannot copy "
                + "DynamoDB on-demand backups between regions (guide 10)");
    }

    /**
     * Resource limits (guide 16.2): a table counts its size toward the user's DynamoDB limit, in the 10 GiB steps that
     * the licence counts (guide 4.2).
     */
    @Override
    public Optional<LimitCategory> limitCategory() {
        return Optional.of(LimitCategory.DYNAMODB_GIB);
    }

    @Override
    public OptionalLong limitUse(Resource resource) {
        return resource.wholeNumber("billedGiB");
    }

    /** Guide 4.2: a policy holds at most 100 DynamoDB tables. */
    @Override
    public int maxTargetsPerPolicy() {
        return MAX_TABLES_PER_POLICY;
    }

    /**
     * DynamoDB tables take part in tag scans (issue 12). DynamoDB cannot list tables by tag, so the default
     * {@link #findTagged} filters {@link #discover}: a DescribeTable and a ListTagsOfResource per table.
     */
    @Override
    public boolean scansTags() {
        return true;
    }

    @Override
    public List<Resource> discover(CloudContext ctx) {
        DynamoDbClient dynamo = ctx.client(DynamoDbClient.class);
        List<Resource> resources = new ArrayList<>();
        for (String tableName : dynamo.listTablesPaginator().tableNames()) {
            try {
                TableDescription table = dynamo.describeTable(b -> b.tableName(tableName)).table();
                resources.add(TableResources.resourceOf(table, TableSettings.tags(dynamo, table.tableArn()), ctx.region()));
            } catch (ResourceNotFoundException e) {
                // deleted since it was listed
            }
        }
        return resources;
    }

    /** One DescribeTable instead of describing every table: policies may hold 100 tables. */
    @Override
    public Optional<Resource> find(CloudContext ctx, String resourceId) {
        DynamoDbClient dynamo = ctx.client(DynamoDbClient.class);
        try {
            TableDescription table = dynamo.describeTable(b -> b.tableName(resourceId)).table();
            return Optional.of(TableResources.resourceOf(table, TableSettings.tags(dynamo, table.tableArn()), ctx.region()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void validate(TargetSpec target) {
        if (target.resourceId() == null || !TABLE_NAME.matcher(target.resourceId()).matches()) {
            throw new InvalidTargetException("resourceId", "A DynamoDB table name has 3 to 255 letters, digits, "
                    + "'_', '-' or '.', not '" + target.resourceId() + "'");
        }
        if (!target.options().isEmpty()) {
            throw new InvalidTargetException("options",
                    "DynamoDB table targets take no options, got: " + String.join(", ", target.options().keySet()));
        }
    }

    @Override
    public List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request) {
        DynamoDbClient dynamo = ctx.client(DynamoDbClient.class);
        TableDescription table = describe(dynamo, target.resourceId());
        String backupName = BackupNames.of(request.backupId(), table.tableName());
        Map<String, String> details = new LinkedHashMap<>();
        details.put(DETAIL_BACKUP_NAME, backupName);
        details.putAll(tableDetails(dynamo, table));
        try {
            // Backup names need not be unique: a lost answer is settled by listing the table's backups of this name.
            BackupDetails backup = CreateOnce.of("backup " + backupName + " of table " + table.tableName(),
                            () -> dynamo.createBackup(b -> b.tableName(table.tableName()).backupName(backupName)
                                    .overrideConfiguration(CreateOnce.THROTTLING_RETRIES_ONLY)).backupDetails(),
                            () -> made(dynamo, table.tableName(), backupName),
                            BackupDetails::backupArn)
                    .run(request.resumed(), request.log());
            return List.of(new Artifact(KIND, backup.backupArn(), ctx.region(), table.tableName(), details));
        } catch (TableNotFoundException e) {
            // deleted between the describe and the backup
            throw notFound(table.tableName());
        }
    }

    /** The table's backup of that name that is not deleted, if any. */
    private static Optional<BackupDetails> made(DynamoDbClient dynamo, String tableName, String backupName) {
        ListBackupsRequest.Builder request = ListBackupsRequest.builder().tableName(tableName)
                .backupType(BackupTypeFilter.USER);
        ListBackupsResponse page;
        do {
            page = dynamo.listBackups(request.build());
            for (BackupSummary backup : page.backupSummaries()) {
                if (backupName.equals(backup.backupName()) && backup.backupStatus() != BackupStatus.DELETED) {
                    return Optional.of(BackupDetails.builder().backupArn(backup.backupArn()).backupName(backupName)
                            .backupStatus(backup.backupStatus()).build());
                }
            }
            request.exclusiveStartBackupArn(page.lastEvaluatedBackupArn());
        } while (page.lastEvaluatedBackupArn() != null);
        return Optional.empty();
    }

    @Override
    public ArtifactStatus poll(CloudContext ctx, Artifact artifact) {
        try {
            BackupDetails backup = ctx.client(DynamoDbClient.class).describeBackup(b -> b.backupArn(artifact.id()))
                    .backupDescription().backupDetails();
            return statusOf(backup);
        } catch (BackupNotFoundException e) {
            return ArtifactStatus.failed("Backup " + artifact.id() + " no longer exists");
        }
    }

    @Override
    public void delete(CloudContext ctx, Artifact artifact) {
        try {
            ctx.client(DynamoDbClient.class).deleteBackup(b -> b.backupArn(artifact.id()));
        } catch (BackupNotFoundException e) {
            // already gone: what delete is for
        }
    }

    @Override
    public List<Artifact> findByBackupId(CloudContext ctx, String backupId) {
        DynamoDbClient dynamo = ctx.client(DynamoDbClient.class);
        String prefix = BackupNames.prefix(backupId);
        List<Artifact> found = new ArrayList<>();
        ListBackupsRequest.Builder request = ListBackupsRequest.builder().backupType(BackupTypeFilter.USER);
        ListBackupsResponse page;
        do {
            page = dynamo.listBackups(request.build());
            for (BackupSummary backup : page.backupSummaries()) {
                if (backup.backupName() != null && backup.backupName().startsWith(prefix)
                        && backup.backupStatus() != BackupStatus.DELETED) {
                    found.add(adopted(dynamo, ctx.region(), backup));
                }
            }
            request.exclusiveStartBackupArn(page.lastEvaluatedBackupArn());
        } while (page.lastEvaluatedBackupArn() != null);
        return found;
    }

    /**
     * What recovery needs of the table, and its billed size: storage counts in 10 GiB steps (guide 4.2)
     * and core warns when the total nears the configured limit.
     */
    private static Map<String, String> tableDetails(DynamoDbClient dynamo, TableDescription table) {
        Map<String, String> details = new LinkedHashMap<>(TableShape.details(table));
        details.putAll(TableSettings.details(dynamo, table.tableName(), table.tableArn()));
        if (table.tableSizeBytes() != null) {
            details.put(TableResources.BILLED_GIB, String.valueOf(TableResources.billedGiB(table.tableSizeBytes())));
        }
        return details;
    }

    /** The artifact of a backup found after a crash: the table's settings are read again, as far as it still exists. */
    private static Artifact adopted(DynamoDbClient dynamo, String region, BackupSummary backup) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(DETAIL_BACKUP_NAME, backup.backupName());
        try {
            TableDescription table = dynamo.describeTable(b -> b.tableName(backup.tableName())).table();
            details.putAll(tableDetails(dynamo, table));
        } catch (ResourceNotFoundException e) {
            // the table is gone: the backup is still worth adopting
        }
        return new Artifact(KIND, backup.backupArn(), region, backup.tableName(), details);
    }

    static ArtifactStatus statusOf(BackupDetails backup) {
        if (backup.backupStatus() == BackupStatus.AVAILABLE) {
            return ArtifactStatus.completed();
        }
        if (backup.backupStatus() == BackupStatus.DELETED) {
            return ArtifactStatus.failed("Backup " + backup.backupArn() + " was deleted");
        }
        // CREATING, or a status this SDK does not know yet: not done (DynamoDB reports no progress)
        return ArtifactStatus.pending(-1);
    }

    private static TableDescription describe(DynamoDbClient dynamo, String tableName) {
        try {
            return dynamo.describeTable(b -> b.tableName(tableName)).table();
        } catch (ResourceNotFoundException e) {
            throw notFound(tableName);
        }
    }

    private static TargetNotFoundException notFound(String tableName) {
        return new TargetNotFoundException("DynamoDB table " + tableName + " does not exist");
    }
}
