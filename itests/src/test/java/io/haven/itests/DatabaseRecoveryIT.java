package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.redshift.RedshiftClient;

/**
 * Recovery of RDS databases, Aurora clusters, Redshift clusters and DynamoDB tables (guide 9.4-9.7) from
 * real backups through the distribution's REST API, checked in the emulator through the SDK.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class DatabaseRecoveryIT extends HavenTestSupport {

    private static final String REGION = "us-east-1";

    /** A limit on Aurora and DynamoDB storage (guide 4.2.2) that one Aurora cluster of this test reaches. */
    @Override
    protected java.util.Map<String, String> coreSettings() {
        return java.util.Map.of("billedStorageLimitGiB", "20", "billedStorageWarningPercent", "100");
    }

    @Test
    public void anRdsDatabaseIsRecoveredUnderANewIdentifierAndAnExistingOneIsRefused() {
        RdsClient rds = Emulator.client(RdsClient.builder(), REGION);
        String id = "orders-" + suffix();
        rds.createDBInstance(b -> b.dbInstanceIdentifier(id).engine("postgres").dbInstanceClass("db.t3.micro")
                .allocatedStorage(20).masterUsername("admin").masterUserPassword("secret-password"));
        HavenClient api = rest();
        long backupId = successfulBackup(api, "rds-instance", id);

        JsonNode recoverable = recoverable(api, backupId, id);
        assertEquals(id + "-recovered", option(recoverable, "identifier").get("defaultValue").asText());
        assertEquals("db.t3.micro", option(recoverable, "instanceClass").get("defaultValue").asText());

        int before = rds.describeDBInstances().dbInstances().size();
        HavenClient.Response taken = start(api, backupId, id, Map.of("identifier", id));
        assertEquals(taken.body(), 400, taken.status());
        assertEquals("identifier", taken.json().get("field").asText());
        assertTrue(taken.body(), taken.json().get("detail").asText().contains("already exists"));
        assertEquals(before, rds.describeDBInstances().dbInstances().size());

        JsonNode done = awaitRecovery(api, start(api, backupId, id, Map.of("instanceClass", "db.t3.small")));
        assertEquals(done.toString(), "SUCCESSFUL", done.get("status").asText());
        DBInstance recovered = rds.describeDBInstances(b -> b.dbInstanceIdentifier(id + "-recovered")).dbInstances().get(0);
        assertEquals("db.t3.small", recovered.dbInstanceClass());
        assertEquals("postgres", recovered.engine());
    }

    @Test
    public void anAuroraClusterIsRecoveredWithItsWriterAndAReader() {
        RdsClient rds = Emulator.client(RdsClient.builder(), REGION);
        String id = "ledger-" + suffix();
        rds.createDBCluster(b -> b.dbClusterIdentifier(id).engine("aurora-postgresql").allocatedStorage(15)
                .masterUsername("admin").masterUserPassword("secret-password"));
        for (String member : List.of(id + "-a", id + "-b")) {
            rds.createDBInstance(b -> b.dbInstanceIdentifier(member).engine("aurora-postgresql")
                    .dbInstanceClass("db.r6g.large").dbClusterIdentifier(id));
        }
        HavenClient api = rest();
        long backupId = successfulBackup(api, "aurora-cluster", id);
        // 15 GiB count as 20 (10 GiB steps): with other tests' tables perhaps more, but the whole of the
        // configured limit at least, so the backup warns, and the first backup to get there raised an alert.
        String warning = "GiB (counted in 10 GiB steps) of the 20 GiB limit";
        assertTrue(api.get("/backups/" + backupId + "/log").body().contains(warning));
        assertTrue(api.get("/alerts").body().contains(warning));

        JsonNode done = awaitRecovery(api, start(api, backupId, id, Map.of()));
        assertEquals(done.toString(), "SUCCESSFUL", done.get("status").asText());
        String cluster = id + "-recovered";
        assertEquals(1, rds.describeDBClusters(b -> b.dbClusterIdentifier(cluster)).dbClusters().size());
        List<String> members = rds.describeDBInstances().dbInstances().stream()
                .filter(i -> cluster.equals(i.dbClusterIdentifier())).map(DBInstance::dbInstanceIdentifier).toList();
        assertTrue(members.toString(), members.contains(cluster + "-reader"));
        assertEquals(members.toString(), 2, members.size());
    }

    @Test
    public void aRedshiftClusterIsRecovered() {
        RedshiftClient redshift = Emulator.client(RedshiftClient.builder(), REGION);
        String id = "warehouse-" + suffix();
        redshift.createCluster(b -> b.clusterIdentifier(id).nodeType("dc2.large").clusterType("multi-node")
                .numberOfNodes(2).masterUsername("admin").masterUserPassword("Secret-Passw0rd"));
        HavenClient api = rest();
        long backupId = successfulBackup(api, "redshift-cluster", id);

        JsonNode done = awaitRecovery(api, start(api, backupId, id, Map.of()));
        assertEquals(done.toString(), "SUCCESSFUL", done.get("status").asText());
        var recovered = redshift.describeClusters(b -> b.clusterIdentifier(id + "-recovered")).clusters().get(0);
        assertEquals("dc2.large", recovered.nodeType());
    }

    @Test
    public void aDynamoDbTableIsRecoveredWithItsTagsAndTtlAndARemindOfTheRest() {
        DynamoDbClient dynamo = Emulator.client(DynamoDbClient.builder(), REGION);
        String table = "Invoices-" + suffix();
        dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S))
                .tags(t -> t.key("owner").value("billing")));
        dynamo.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.enabled(true)
                .attributeName("expiresAt")));
        HavenClient api = rest();
        long backupId = successfulBackup(api, "dynamodb-table", table);

        JsonNode recoverable = recoverable(api, backupId, table);
        assertTrue(recoverable.get("notes").toString(), recoverable.get("notes").toString().toLowerCase().contains("by hand"));
        HavenClient.Response taken = start(api, backupId, table, Map.of("tableName", table));
        assertEquals(400, taken.status());
        assertEquals("tableName", taken.json().get("field").asText());

        JsonNode done = awaitRecovery(api, start(api, backupId, table, Map.of()));
        assertEquals(done.toString(), "SUCCESSFUL", done.get("status").asText());
        String recovered = table + "-recovered";
        String arn = dynamo.describeTable(b -> b.tableName(recovered)).table().tableArn();
        Map<String, String> tags = new HashMap<>();
        dynamo.listTagsOfResource(b -> b.resourceArn(arn)).tags().forEach(t -> tags.put(t.key(), t.value()));
        assertEquals("billing", tags.get("owner"));
        TimeToLiveDescription ttl = dynamo.describeTimeToLive(b -> b.tableName(recovered)).timeToLiveDescription();
        assertEquals("ENABLED", ttl.timeToLiveStatusAsString());
        assertEquals("expiresAt", ttl.attributeName());
    }

    private static String suffix() {
        return Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }

    private long successfulBackup(HavenClient api, String type, String resourceId) {
        long policyId = api.post("/policies", Map.of("name", type + "-" + suffix(), "accountId", addEmulatorAccount(api),
                "generations", 3)).json().get("id").asLong();
        HavenClient.Response target = api.post("/policies/" + policyId + "/targets", Map.of("type", type,
                "region", REGION, "resourceId", resourceId));
        assertEquals(target.body(), 201, target.status());
        JsonNode backup = runToEnd(api, policyId);
        assertEquals(backup.toString(), "SUCCESSFUL", backup.get("status").asText());
        return backup.get("id").asLong();
    }

    private static HavenClient.Response start(HavenClient api, long backupId, String key, Map<String, String> choices) {
        return api.post("/backups/" + backupId + "/recovery", Map.of("key", key, "choices", choices));
    }

    private static JsonNode awaitRecovery(HavenClient api, HavenClient.Response started) {
        assertEquals(started.body(), 202, started.status());
        return awaitRecovery(api, started.json().get("id").asLong());
    }

    private static JsonNode recoverable(HavenClient api, long backupId, String key) {
        return element(api.get("/backups/" + backupId + "/recovery").json().get("recoverables"), "key", key);
    }
}
