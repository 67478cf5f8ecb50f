package io.haven.target.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetNotFoundException;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

@ExtendWith(MotoExtension.class)
class DynamoDbTableTargetTypeTest {

    private static final String REGION = "eu-west-1";

    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static DynamoDbClient dynamo;
    private final TargetType type = new DynamoDbTableTargetType();

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

    /** Issue 12: DynamoDB tables opt in to tag scans; only those tagged cpm backup are found. */
    @Test
    void findsTheTablesTaggedCpmBackup() {
        table("tagged-table", tag("cpm backup", "web new:gold"));
        table("untagged-table");

        List<Resource> found = type.findTagged(ctx, "cpm backup");

        assertThat(type.scansTags()).isTrue();
        assertThat(found).extracting(Resource::id).contains("tagged-table").doesNotContain("untagged-table");
        assertThat(found).filteredOn(r -> r.id().equals("tagged-table")).singleElement()
                .satisfies(r -> assertThat(r.tags()).containsEntry("cpm backup", "web new:gold"));
    }

    @Test
    void describesItself() {
        assertThat(type.id()).isEqualTo("dynamodb-table");
        assertThat(type.displayName()).isEqualTo("DynamoDB table");
        assertThat(type.maxTargetsPerPolicy()).as("guide 4.2: 100 tables per policy").isEqualTo(100);
    }

    @Test
    void findsOneTableByNameWithoutDescribingTheOthers() {
        table("Lookups", tag("env", "prod"));
        table("Unrelated");

        assertThat(type.find(ctx, "Lookups")).hasValueSatisfying(r -> {
            assertThat(r.id()).isEqualTo("Lookups");
            assertThat(r.tags()).containsEntry("env", "prod");
        });
        assertThat(type.find(ctx, "Missing")).isEmpty();
    }

    @Test
    void discoversTablesWithTagsItemsAndSize() {
        table("Customers", tag("Name", "Customer master"), tag("env", "prod"));
        table("sessions.v2");
        for (String id : new String[] {"c-1", "c-2"}) {
            dynamo.putItem(b -> b.tableName("Customers").item(Map.of("pk", AttributeValue.fromS(id))));
        }

        Map<String, Resource> found = type.discover(ctx).stream().collect(Collectors.toMap(Resource::id, r -> r));

        Resource customers = found.get("Customers");
        assertThat(customers.type()).isEqualTo("dynamodb-table");
        assertThat(customers.region()).isEqualTo(REGION);
        assertThat(customers.name()).isEqualTo("Customer master");
        assertThat(customers.tags()).containsEntry("env", "prod");
        // moto reports TableSizeBytes 0 whatever the table holds (see MOTO.md)
        assertThat(customers.attributes()).containsEntry("status", "ACTIVE").containsEntry("itemCount", "2")
                .containsEntry("sizeBytes", "0").containsEntry("billedGiB", "0");
        assertThat(found.get("sessions.v2").name()).isEqualTo("sessions.v2");
    }

    @Test
    void billedStorageRoundsUpTo10GiBSteps() {
        long gib = 1024L * 1024 * 1024;
        assertThat(TableResources.billedGiB(0)).isZero();
        assertThat(TableResources.billedGiB(1)).isEqualTo(10);
        assertThat(TableResources.billedGiB(10 * gib)).isEqualTo(10);
        assertThat(TableResources.billedGiB(10 * gib + 1)).isEqualTo(20);
        assertThat(TableResources.billedGiB(Long.MAX_VALUE)).isPositive();
    }

    @Test
    void backsUpATableAndRecordsItsTagsAndTtl() {
        table("Orders", tag("env", "prod"), tag("cost-center", "a=b;c"));
        dynamo.updateTimeToLive(b -> b.tableName("Orders")
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));

        List<Artifact> artifacts = type.startBackup(ctx, target("Orders"), request("81"));

        assertThat(artifacts).singleElement().satisfies(artifact -> {
            assertThat(artifact.kind()).isEqualTo("dynamodb-backup");
            assertThat(artifact.id()).startsWith("arn:aws:dynamodb:eu-west-1:");
            assertThat(artifact.region()).isEqualTo(REGION);
            assertThat(artifact.resourceId()).isEqualTo("Orders");
            assertThat(artifact.details()).containsEntry("backupName", "haven-81-Orders").containsEntry("billedGiB", "0")
                    .containsEntry("ttlStatus", "ENABLED").containsEntry("ttlAttribute", "expiresAt");
            assertThat(TagCodec.decode(artifact.detail("tags")))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("env", "prod", "cost-center", "a=b;c"));
        });
        BackupDescription backup = dynamo.describeBackup(b -> b.backupArn(artifacts.get(0).id())).backupDescription();
        assertThat(backup.backupDetails().backupName()).isEqualTo("haven-81-Orders");
        assertThat(backup.sourceTableDetails().tableName()).isEqualTo("Orders");
        assertThat(type.poll(ctx, artifacts.get(0))).isEqualTo(ArtifactStatus.completed());
    }

    @Test
    void aTableWithoutTtlOrTagsRecordsThat() {
        table("plain");

        Artifact artifact = type.startBackup(ctx, target("plain"), request("82")).get(0);

        assertThat(artifact.details()).containsEntry("tags", "").containsEntry("ttlStatus", "DISABLED")
                .doesNotContainKey("ttlAttribute");
    }

    @Test
    void findsExactlyTheRunsBackups() {
        table("alpha");
        table("beta");
        Artifact a = type.startBackup(ctx, target("alpha"), request("91")).get(0);
        Artifact b = type.startBackup(ctx, target("beta"), request("91")).get(0);
        type.startBackup(ctx, target("alpha"), request("911"));
        type.startBackup(ctx, target("alpha"), request("9"));
        dynamo.createBackup(r -> r.tableName("beta").backupName("nightly-by-hand"));

        assertThat(type.findByBackupId(ctx, "91")).containsExactlyInAnyOrder(a, b);
        assertThat(type.findByBackupId(ctx, "99")).isEmpty();
    }

    @Test
    void findsBackupsOfTablesThatAreGone() {
        table("temporary", tag("env", "test"));
        Artifact artifact = type.startBackup(ctx, target("temporary"), request("95")).get(0);
        dynamo.deleteTable(b -> b.tableName("temporary"));

        assertThat(type.findByBackupId(ctx, "95")).singleElement().satisfies(found -> {
            assertThat(found.id()).isEqualTo(artifact.id());
            assertThat(found.resourceId()).isEqualTo("temporary");
            assertThat(found.details()).containsExactly(Map.entry("backupName", "haven-95-temporary"));
        });
    }

    @Test
    void deleteRemovesTheBackupAndToleratesItsAbsence() {
        table("scratch");
        Artifact artifact = type.startBackup(ctx, target("scratch"), request("101")).get(0);

        type.delete(ctx, artifact);

        assertThat(dynamo.listBackups(b -> b.tableName("scratch")).backupSummaries())
                .filteredOn(backup -> backup.backupStatus() != BackupStatus.DELETED)
                .extracting(BackupSummary::backupArn).doesNotContain(artifact.id());
        assertThatThrownBy(() -> dynamo.describeBackup(b -> b.backupArn(artifact.id())))
                .isInstanceOf(BackupNotFoundException.class);
        assertThatCode(() -> type.delete(ctx, artifact)).doesNotThrowAnyException();
        ArtifactStatus gone = type.poll(ctx, artifact);
        assertThat(gone.state()).isEqualTo(ArtifactStatus.State.FAILED);
        assertThat(gone.message()).contains(artifact.id());
    }

    @Test
    void missingTableIsTargetNotFound() {
        assertThatThrownBy(() -> type.startBackup(ctx, target("NoSuchTable"), request("111")))
                .isInstanceOf(TargetNotFoundException.class)
                .hasMessageContaining("NoSuchTable");
    }

    @Test
    void validateAcceptsTableNamesWithoutOptions() {
        for (String good : new String[] {"abc", "Orders_2024.v-1", "t".repeat(255)}) {
            assertThatCode(() -> type.validate(target(good))).as(good).doesNotThrowAnyException();
        }
    }

    @Test
    void validateRejectsBadNamesAndAnyOption() {
        for (String bad : new String[] {"", "ab", "orders table", "orders/1", "t".repeat(256)}) {
            assertThatThrownBy(() -> type.validate(target(bad))).as(bad)
                    .isInstanceOfSatisfying(InvalidTargetException.class, e -> assertThat(e.field()).isEqualTo("resourceId"));
        }
        assertThatThrownBy(() -> type.validate(new TargetSpec("dynamodb-table", REGION, null, Map.of())))
                .isInstanceOf(InvalidTargetException.class);
        assertThatThrownBy(() -> type.validate(new TargetSpec("dynamodb-table", REGION, "Orders", Map.of("pitr", "on"))))
                .isInstanceOfSatisfying(InvalidTargetException.class, e -> {
                    assertThat(e.field()).isEqualTo("options");
                    assertThat(e.getMessage()).contains("pitr");
                });
    }

    private static void table(String name, Tag... tags) {
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S))
                .tags(tags));
    }

    private static TargetSpec target(String table) {
        return new TargetSpec("dynamodb-table", REGION, table, Map.of());
    }

    private static BackupRequest request(String backupId) {
        return new BackupRequest(backupId, "daily", "Haven backup " + backupId + " of policy daily",
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "daily"));
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
