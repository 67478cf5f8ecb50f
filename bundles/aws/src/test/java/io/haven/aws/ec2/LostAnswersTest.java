package io.haven.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.target.Artifact;
import io.haven.api.target.BackupLog;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.testing.faults.Fault;
import io.haven.testing.faults.FaultProxy;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * CreateSnapshot through a proxy that fails it as AWS and networks do: a lost answer (moto made the
 * snapshot, the client saw a 500) is followed by a look-up that adopts the snapshot, never by a second
 * snapshot; a 500 that made nothing and throttling are tried again; a resumed start adopts first.
 */
@ExtendWith(MotoExtension.class)
class LostAnswersTest {

    private static FaultProxy proxy;
    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static Ec2Client direct;
    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void setUp(MotoServer moto) throws Exception {
        proxy = new FaultProxy(moto.endpoint());
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(proxy.endpoint()));
        ctx = clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")), "us-east-1");
        direct = Ec2Client.builder().endpointOverride(java.net.URI.create(moto.endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test"))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void tearDown() {
        clients.close();
        direct.close();
        proxy.close();
    }

    @BeforeEach
    void resetProxy() {
        proxy.resetCounts();
    }

    @Test
    void aLostAnswerIsAdoptedAndNoSecondSnapshotIsMade() {
        String volume = volume();
        proxy.next("CreateSnapshot", Fault.LOST);

        Artifact artifact = EbsSnapshots.create(ctx, "ebs-volume", volume, request("lost-1", false), Map.of());

        List<Snapshot> made = snapshotsOf(volume);
        assertThat(made).extracting(Snapshot::snapshotId).containsExactly(artifact.id());
        assertThat(proxy.calls("CreateSnapshot")).isEqualTo(1);
        assertThat(log).singleElement().asString().contains("lost", artifact.id(), "adopted");
    }

    @Test
    void aServerErrorThatMadeNothingIsTriedAgainOnceLookedFor() {
        String volume = volume();
        proxy.next("CreateSnapshot", Fault.ERROR);

        Artifact artifact = EbsSnapshots.create(ctx, "ebs-volume", volume, request("error-1", false), Map.of());

        assertThat(snapshotsOf(volume)).extracting(Snapshot::snapshotId).containsExactly(artifact.id());
        assertThat(proxy.calls("CreateSnapshot")).isEqualTo(2);
        assertThat(log).isEmpty();
    }

    @Test
    void throttlingIsRetriedByTheSdkWithoutALookUp() {
        String volume = volume();
        proxy.next("CreateSnapshot", Fault.THROTTLE, Fault.THROTTLE);
        int describesBefore = proxy.calls("DescribeSnapshots");

        Artifact artifact = EbsSnapshots.create(ctx, "ebs-volume", volume, request("throttle-1", false), Map.of());

        assertThat(snapshotsOf(volume)).extracting(Snapshot::snapshotId).containsExactly(artifact.id());
        assertThat(proxy.calls("CreateSnapshot")).isEqualTo(3);
        assertThat(proxy.calls("DescribeSnapshots")).isEqualTo(describesBefore);
    }

    @Test
    void errorsThatKeepHidingNothingEndAfterThreeCalls() {
        String volume = volume();
        proxy.next("CreateSnapshot", Fault.ERROR, Fault.ERROR, Fault.ERROR);

        assertThatThrownBy(() -> EbsSnapshots.create(ctx, "ebs-volume", volume, request("error-3", false), Map.of()))
                .isInstanceOf(AwsServiceException.class);
        assertThat(proxy.calls("CreateSnapshot")).isEqualTo(3);
        assertThat(snapshotsOf(volume)).isEmpty();
    }

    @Test
    void aResumedStartAdoptsTheSnapshotTheRunMadeBeforeAndCreatesNone() {
        String volume = volume();
        Artifact first = EbsSnapshots.create(ctx, "ebs-volume", volume, request("resumed-1", false), Map.of());
        proxy.resetCounts();

        Artifact again = EbsSnapshots.create(ctx, "ebs-volume", volume, request("resumed-1", true), Map.of());

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.details()).isEqualTo(first.details());
        assertThat(proxy.calls("CreateSnapshot")).isZero();
        assertThat(snapshotsOf(volume)).hasSize(1);
        assertThat(log).singleElement().asString().contains("before Haven stopped");
    }

    @Test
    void aResumedStartOfAnotherTargetTypeOrRunStillCreates() {
        String volume = volume();
        EbsSnapshots.create(ctx, "ec2-instance", volume, request("resumed-2", false), Map.of());
        EbsSnapshots.create(ctx, "ebs-volume", volume, request("resumed-other", false), Map.of());

        EbsSnapshots.create(ctx, "ebs-volume", volume, request("resumed-2", true), Map.of());

        assertThat(snapshotsOf(volume)).hasSize(3);
    }

    private BackupRequest request(String backupId, boolean resumed) {
        BackupLog recording = new BackupLog() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void warning(String message) {
                log.add(message);
            }
        };
        return new BackupRequest(backupId, "nightly", "Haven backup", Map.of(HavenTags.BACKUP_ID, backupId,
                HavenTags.POLICY, "nightly"), recording, resumed);
    }

    private static String volume() {
        return direct.createVolume(b -> b.availabilityZone("us-east-1a").size(1)).volumeId();
    }

    private static List<Snapshot> snapshotsOf(String volume) {
        return direct.describeSnapshots(b -> b.filters(f -> f.name("volume-id").values(volume))).snapshots();
    }
}
