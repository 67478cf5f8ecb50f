package io.haven.target.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryState;
import io.haven.api.recovery.TargetRecovery;
import io.haven.api.target.Artifact;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetSpec;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import io.haven.testing.recovery.RecordingProgress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

@ExtendWith(MotoExtension.class)
class DynamoDbTableRecoveryTest {

    private static final String REGION = "eu-west-1";

    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static DynamoDbClient dynamo;
    private final DynamoDbTableTargetType type = new DynamoDbTableTargetType();
    private final TargetRecovery recovery = new DynamoDbTableRecovery();

    @BeforeAll
    static void setUp(MotoServer moto) {
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(moto.endpoint()));
        ctx = clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")), REGION);
        dynamo = ctx.client(DynamoDbClient.class);
    }

    @AfterAll
    static void tearDown() {
        clients.close();
    }

    @Test
    void servesTheDynamoDbTableType() {
        assertThat(recovery.typeId()).isEqualTo("dynamodb-table");
    }

    @Test
    void backupRecordsCapacityIndexesAndStream() {
        provisionedTable("Orders", 5, 7);
        onDemandTable("Sessions");

        Artifact orders = backup("Orders", "1");
        Artifact sessions = backup("Sessions", "1");

        assertThat(orders.details()).containsEntry("billingMode", "PROVISIONED").containsEntry("readCapacity", "5")
                .containsEntry("writeCapacity", "7").containsEntry("globalIndexes", "byCustomer")
                .containsEntry("localIndexes", "byDate").containsEntry("streamViewType", "NEW_IMAGE");
        assertThat(sessions.details()).containsEntry("billingMode", "PAY_PER_REQUEST")
                .doesNotContainKeys("readCapacity", "writeCapacity", "globalIndexes", "localIndexes", "streamViewType");
        // a run adopted after a crash records the same
        assertThat(type.findByBackupId(ctx, "1")).containsExactlyInAnyOrder(orders, sessions);
    }

    @Test
    void recoverablesOfferTheOriginalsSettingsAsDefaultsAndSayWhatToRecreate() {
        provisionedTable("Invoices", 3, 4);
        dynamo.updateTimeToLive(b -> b.tableName("Invoices")
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
        Artifact backup = backup("Invoices", "2");

        Recoverable recoverable = recovery.recoverables(List.of(backup)).get(0);

        assertThat(recoverable.kind()).isEqualTo("dynamodb-table");
        assertThat(recoverable.key()).isEqualTo("Invoices");
        assertThat(recoverable.typeId()).isEqualTo("dynamodb-table");
        assertThat(recoverable.region()).isEqualTo(REGION);
        assertThat(recoverable.label()).contains("Invoices", "haven-2-Invoices");
        assertThat(defaults(recoverable)).containsOnly(entry("tableName", "Invoices-recovered"),
                entry("billingMode", "PROVISIONED"), entry("readCapacity", "3"), entry("writeCapacity", "4"),
                entry("preserveTags", "true"));
        assertThat(String.join("\n", recoverable.notes())).contains("auto scaling policies", "IAM policies",
                "CloudWatch metrics and alarms", "point-in-time recovery", "stream", "NEW_IMAGE",
                "tags", "Time To Live on attribute expiresAt", "byCustomer");
    }

    @Test
    void recoversTheTableThenItsTagsAndTimeToLiveOnceActive() {
        onDemandTable("Customers", tag("env", "prod"), tag("owner", "a=b;c"));
        dynamo.updateTimeToLive(b -> b.tableName("Customers")
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
        dynamo.putItem(b -> b.tableName("Customers").item(Map.of("pk", AttributeValue.fromS("c-1"))));
        Artifact backup = backup("Customers", "3");
        // the original changes and goes away after the backup: recovery uses what the backup recorded
        dynamo.untagResource(b -> b.resourceArn(arn("Customers")).tagKeys("owner"));
        dynamo.deleteTable(b -> b.tableName("Customers"));
        Recoverable recoverable = recovery.recoverables(List.of(backup)).get(0);
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, recoverable, Map.of(), progress);

        assertThat(progress.created).singleElement().satisfies(resource -> {
            assertThat(resource.kind()).isEqualTo("dynamodb-table");
            assertThat(resource.id()).isEqualTo("Customers-recovered");
            assertThat(resource.region()).isEqualTo(REGION);
            assertThat(resource.details()).containsEntry("recoveredFrom", "Customers").containsEntry("backup", backup.id())
                    .containsEntry("pendingTtl", "expiresAt").containsKey("pendingTags");
        });
        assertThat(dynamo.getItem(b -> b.tableName("Customers-recovered").key(Map.of("pk", AttributeValue.fromS("c-1"))))
                .hasItem()).isTrue();
        // a restore brings back neither tags nor TTL: poll puts them on, as often as it is asked
        assertThat(tags("Customers-recovered")).isEmpty();
        assertThat(recovery.poll(ctx, progress.created.get(0))).isEqualTo(RecoveryState.ready());
        assertThat(recovery.poll(ctx, progress.created.get(0))).isEqualTo(RecoveryState.ready());
        assertThat(tags("Customers-recovered")).containsOnly(entry("env", "prod"), entry("owner", "a=b;c"),
                entry("haven:recovered-from", backup.id()));
        TimeToLiveDescription ttl = dynamo.describeTimeToLive(b -> b.tableName("Customers-recovered"))
                .timeToLiveDescription();
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
    }

    @Test
    void withoutPreserveTagsOnlyHavensMarkerAndNoTtlWhenTheOriginalHadNone() {
        onDemandTable("Carts", tag("env", "prod"));
        Artifact backup = backup("Carts", "4");
        Recoverable recoverable = recovery.recoverables(List.of(backup)).get(0);
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, recoverable, Map.of("tableName", "Carts.copy", "preserveTags", "false"), progress);

        assertThat(progress.created.get(0).details()).doesNotContainKey("pendingTtl");
        assertThat(recovery.poll(ctx, progress.created.get(0))).isEqualTo(RecoveryState.ready());
        assertThat(tags("Carts.copy")).containsOnly(entry("haven:recovered-from", backup.id()));
        assertThat(dynamo.describeTimeToLive(b -> b.tableName("Carts.copy")).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
    }

    @Test
    void billingModeAndThroughputAreSentAsOverrides() {
        // moto ignores the overrides, so the request is where they can be seen
        provisionedTable("Payments", 5, 7);
        Recoverable recoverable = recovery.recoverables(List.of(backup("Payments", "5"))).get(0);

        RestoreTableFromBackupRequest onDemand = TableRestorePlanner.plan(ctx, recoverable,
                Map.of("billingMode", "PAY_PER_REQUEST")).restore();
        RestoreTableFromBackupRequest provisioned = TableRestorePlanner.plan(ctx, recoverable,
                Map.of("readCapacity", "10")).restore();

        assertThat(onDemand.billingModeOverride()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(onDemand.provisionedThroughputOverride()).isNull();
        assertThat(provisioned.billingModeOverride()).isEqualTo(BillingMode.PROVISIONED);
        assertThat(provisioned.provisionedThroughputOverride().readCapacityUnits()).isEqualTo(10L);
        assertThat(provisioned.provisionedThroughputOverride().writeCapacityUnits()).isEqualTo(7L);
        assertThat(provisioned.targetTableName()).isEqualTo("Payments-recovered");
        assertThat(provisioned.backupArn()).isEqualTo(recoverable.artifacts().get(0).id());
    }

    @Test
    void checkRefusesATableNameThatExistsAndCreatesNothing() {
        onDemandTable("Accounts");
        Recoverable recoverable = recovery.recoverables(List.of(backup("Accounts", "6"))).get(0);
        onDemandTable("Accounts-recovered");
        List<String> before = tableNames();

        for (String taken : new String[] {"Accounts", "Accounts-recovered"}) {
            Map<String, String> choices = taken.equals("Accounts") ? Map.of("tableName", taken) : Map.of();
            assertThatThrownBy(() -> recovery.check(ctx, recoverable, choices))
                    .isInstanceOfSatisfying(InvalidRecoveryException.class, e -> {
                        assertThat(e.field()).isEqualTo("tableName");
                        assertThat(e.getMessage()).contains(taken, "already exists; choose another table name");
                    });
        }
        RecordingProgress progress = new RecordingProgress();
        assertThatThrownBy(() -> recovery.start(ctx, recoverable, Map.of(), progress))
                .isInstanceOf(InvalidRecoveryException.class);
        assertThat(progress.created).isEmpty();
        assertThat(tableNames()).isEqualTo(before);
    }

    @Test
    void checkRefusesBadValuesNamingTheOptionAndCreatesNothing() {
        provisionedTable("Stock", 5, 5);
        onDemandTable("Prices");
        dynamo.updateTable(b -> b.tableName("Prices")
                .attributeDefinitions(d -> d.attributeName("g").attributeType(ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName("byG")
                        .keySchema(k -> k.attributeName("g").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))));
        Recoverable stock = recovery.recoverables(List.of(backup("Stock", "7"))).get(0);
        Recoverable prices = recovery.recoverables(List.of(backup("Prices", "7"))).get(0);
        List<String> before = tableNames();
        Map<Map<String, String>, String> bad = Map.ofEntries(
                Map.entry(Map.of("tableName", "ab"), "tableName"),
                Map.entry(Map.of("tableName", "stock copy"), "tableName"),
                Map.entry(Map.of("tableName", "t".repeat(256)), "tableName"),
                Map.entry(Map.of("billingMode", "ON_DEMAND"), "billingMode"),
                Map.entry(Map.of("readCapacity", "0"), "readCapacity"),
                Map.entry(Map.of("writeCapacity", "many"), "writeCapacity"),
                Map.entry(Map.of("readCapacity", ""), "readCapacity"),
                Map.entry(Map.of("billingMode", "PAY_PER_REQUEST", "writeCapacity", "5"), "writeCapacity"),
                Map.entry(Map.of("preserveTags", "TRUE"), "preserveTags"),
                Map.entry(Map.of("region", "us-east-1"), "region"));

        bad.forEach((choices, field) -> assertThatThrownBy(() -> recovery.check(ctx, stock, choices))
                .as(choices.toString())
                .isInstanceOfSatisfying(InvalidRecoveryException.class, e -> assertThat(e.field()).isEqualTo(field)));
        // global indexes of an on-demand table have no capacities to provision with
        assertThatThrownBy(() -> recovery.check(ctx, prices, Map.of("billingMode", "PROVISIONED", "readCapacity", "5",
                "writeCapacity", "5")))
                .isInstanceOfSatisfying(InvalidRecoveryException.class, e -> {
                    assertThat(e.field()).isEqualTo("billingMode");
                    assertThat(e.getMessage()).contains("byG");
                });
        assertThat(tableNames()).isEqualTo(before);
    }

    @Test
    void pollReportsATableThatIsGoneAsFailed() {
        RecoveryState state = recovery.poll(ctx, new RecoveredResource("dynamodb-table", "NeverMade", REGION, Map.of()));

        assertThat(state.state()).isEqualTo(RecoveryState.State.FAILED);
        assertThat(state.message()).contains("NeverMade");
    }

    private Artifact backup(String table, String backupId) {
        return type.startBackup(ctx, new TargetSpec("dynamodb-table", REGION, table, Map.of()),
                new BackupRequest(backupId, "daily", "Haven backup " + backupId,
                        Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "daily"))).get(0);
    }

    private static void onDemandTable(String name, Tag... tags) {
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S))
                .tags(tags));
    }

    private static void provisionedTable(String name, long read, long write) {
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(t -> t.readCapacityUnits(read).writeCapacityUnits(write))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S),
                        d -> d.attributeName("sk").attributeType(ScalarAttributeType.S),
                        d -> d.attributeName("customer").attributeType(ScalarAttributeType.S),
                        d -> d.attributeName("date").attributeType(ScalarAttributeType.S))
                .globalSecondaryIndexes(g -> g.indexName("byCustomer")
                        .keySchema(k -> k.attributeName("customer").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .provisionedThroughput(t -> t.readCapacityUnits(1L).writeCapacityUnits(1L)))
                .localSecondaryIndexes(l -> l.indexName("byDate")
                        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                                k -> k.attributeName("date").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
    }

    private static String arn(String table) {
        return dynamo.describeTable(b -> b.tableName(table)).table().tableArn();
    }

    private static Map<String, String> tags(String table) {
        Map<String, String> tags = new HashMap<>();
        dynamo.listTagsOfResource(b -> b.resourceArn(arn(table))).tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    private static List<String> tableNames() {
        return dynamo.listTables().tableNames().stream().sorted().toList();
    }

    private static Map<String, String> defaults(Recoverable recoverable) {
        // a HashMap, as Collectors.toMap refuses null values
        Map<String, String> defaults = new HashMap<>();
        recoverable.options().forEach(option -> defaults.put(option.name(), option.defaultValue()));
        return defaults;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
