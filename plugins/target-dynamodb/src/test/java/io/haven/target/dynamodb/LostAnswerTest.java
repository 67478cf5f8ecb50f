package io.haven.target.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.Artifact;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.testing.faults.Fault;
import io.haven.testing.faults.FaultProxy;
import io.haven.testing.faults.RecordingBackupLog;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * CreateBackup through a proxy that loses its answer (moto executes the call, the client sees a 500): the backup
 * adopts what the call made instead of making it again, and a resumed start adopts before calling at all.
 */
@ExtendWith(MotoExtension.class)
class LostAnswerTest {

    private static final String REGION = "eu-west-1";

    private static FaultProxy proxy;
    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private final TargetType type = new DynamoDbTableTargetType();
    private final RecordingBackupLog log = new RecordingBackupLog();

    @BeforeAll
    static void setUp(MotoServer moto) throws Exception {
        proxy = new FaultProxy(moto.endpoint());
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(proxy.endpoint()));
        ctx = clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")), REGION);
    }

    @AfterAll
    static void tearDown() {
        clients.close();
        proxy.close();
    }

    @Test
    void aLostAnswerIsAdoptedAndNothingIsMadeTwice() {
        String resource = resource("lost-answer");
        proxy.next("CreateBackup", Fault.LOST);

        List<Artifact> artifacts = type.startBackup(ctx, target(resource), request("81", false));

        assertThat(made(resource)).containsExactly(artifacts.get(0).id());
        assertThat(proxy.calls("CreateBackup")).isEqualTo(1);
        assertThat(log.messages()).singleElement().asString().startsWith("WARNING The answer to the").contains("lost");
    }

    @Test
    void aResumedStartAdoptsWhatTheRunMadeBeforeAndCallsNothing() {
        String resource = resource("resumed");
        Artifact first = type.startBackup(ctx, target(resource), request("82", false)).get(0);
        int creates = proxy.calls("CreateBackup");

        Artifact again = type.startBackup(ctx, target(resource), request("82", true)).get(0);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(proxy.calls("CreateBackup")).isEqualTo(creates);
        assertThat(made(resource)).containsExactly(first.id());
        assertThat(log.messages()).singleElement().asString().contains("before Haven stopped");
    }

    private BackupRequest request(String backupId, boolean resumed) {
        return new BackupRequest(backupId, "nightly", "Haven backup " + backupId,
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "nightly"), log, resumed);
    }

    private static TargetSpec target(String resource) {
        return new TargetSpec(new DynamoDbTableTargetType().id(), REGION, resource, Map.of());
    }

    private static String resource(String name) {
        ctx.client(DynamoDbClient.class).createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(d -> d.attributeName("pk").attributeType(ScalarAttributeType.S)));
        return name;
    }

    private static List<String> made(String table) {
        return ctx.client(DynamoDbClient.class).listBackups(b -> b.tableName(table)).backupSummaries().stream()
                .map(BackupSummary::backupArn).toList();
    }
}
