package io.haven.target.redshift;

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
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.Snapshot;

/**
 * CreateClusterSnapshot through a proxy that loses its answer (moto executes the call, the client sees a 500): the backup
 * adopts what the call made instead of making it again, and a resumed start adopts before calling at all.
 */
@ExtendWith(MotoExtension.class)
class LostAnswerTest {

    private static final String REGION = "eu-west-1";

    private static FaultProxy proxy;
    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private final TargetType type = new RedshiftClusterTargetType();
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
        proxy.next("CreateClusterSnapshot", Fault.LOST);

        List<Artifact> artifacts = type.startBackup(ctx, target(resource), request("81", false));

        assertThat(made(resource)).containsExactly(artifacts.get(0).id());
        assertThat(proxy.calls("CreateClusterSnapshot")).isEqualTo(1);
        assertThat(log.messages()).singleElement().asString().startsWith("WARNING The answer to the").contains("lost");
    }

    @Test
    void aResumedStartAdoptsWhatTheRunMadeBeforeAndCallsNothing() {
        String resource = resource("resumed");
        Artifact first = type.startBackup(ctx, target(resource), request("82", false)).get(0);
        int creates = proxy.calls("CreateClusterSnapshot");

        Artifact again = type.startBackup(ctx, target(resource), request("82", true)).get(0);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(proxy.calls("CreateClusterSnapshot")).isEqualTo(creates);
        assertThat(made(resource)).containsExactly(first.id());
        assertThat(log.messages()).singleElement().asString().contains("before Haven stopped");
    }

    private BackupRequest request(String backupId, boolean resumed) {
        return new BackupRequest(backupId, "nightly", "Haven backup " + backupId,
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "nightly"), log, resumed);
    }

    private static TargetSpec target(String resource) {
        return new TargetSpec(new RedshiftClusterTargetType().id(), REGION, resource, Map.of());
    }

    private static String resource(String name) {
        ctx.client(RedshiftClient.class).createCluster(b -> b.clusterIdentifier(name).nodeType("dc2.large")
                .clusterType("single-node").masterUsername("admin").masterUserPassword("Secret-Passw0rd"));
        return name;
    }

    private static List<String> made(String cluster) {
        // moto lists every snapshot when the cluster has none: filter by cluster here
        return ctx.client(RedshiftClient.class).describeClusterSnapshots(b -> b.clusterIdentifier(cluster))
                .snapshots().stream().filter(s -> cluster.equals(s.clusterIdentifier()))
                .filter(s -> "manual".equalsIgnoreCase(s.snapshotType()))
                .map(Snapshot::snapshotIdentifier).toList();
    }
}
