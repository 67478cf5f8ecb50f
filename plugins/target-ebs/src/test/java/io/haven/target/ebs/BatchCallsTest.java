package io.haven.target.ebs;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetNotFoundException;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetStart;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.aws.ec2.EbsSnapshots;
import io.haven.testing.faults.AwsBehaviourProxy;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The call shapes of issue 13 through {@link AwsBehaviourProxy}, which counts calls per action: the status of
 * 201 snapshots takes two DescribeSnapshots (200 ids each at most), starting volumes together one DescribeVolumes
 * and a CreateSnapshot each, and adding a target one DescribeVolumes.
 */
@ExtendWith(MotoExtension.class)
class BatchCallsTest {

    private static final String REGION = "eu-west-1";
    private static final int SNAPSHOTS = 201;

    private static AwsBehaviourProxy proxy;
    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static final List<Artifact> artifacts = new ArrayList<>();
    private final EbsVolumeTargetType type = new EbsVolumeTargetType();

    @BeforeAll
    static void setUp(MotoServer moto) throws Exception {
        proxy = new AwsBehaviourProxy(moto.endpoint());
        proxy.buckets().enforce(false);
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(proxy.endpoint()));
        ctx = clients.context(new AwsIdentity("batch", new Credentials.StaticKeys("test", "test")), REGION);
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        String volume = ec2.createVolume(b -> b.availabilityZone(REGION + "a").size(1)).volumeId();
        proxy.snapshotsPendingFor(Duration.ofMinutes(10));
        for (int i = 0; i < SNAPSHOTS; i++) {
            String id = ec2.createSnapshot(b -> b.volumeId(volume)).snapshotId();
            artifacts.add(new Artifact(EbsSnapshots.KIND, id, REGION, volume, Map.of()));
        }
    }

    @AfterAll
    static void tearDown() {
        clients.close();
        proxy.close();
    }

    @BeforeEach
    void counts() {
        proxy.resetCounts();
    }

    @Test
    void twoHundredAndOneSnapshotsAreCheckedWithTwoCalls() {
        Map<String, ArtifactStatus> states = type.pollAll(ctx, artifacts);

        assertThat(proxy.calls()).containsExactly(Map.entry("DescribeSnapshots", 2));
        assertThat(proxy.requests("DescribeSnapshots")).allSatisfy(params ->
                assertThat(params.keySet().stream().filter(k -> k.startsWith("Filter.1.Value.")).count()).isLessThanOrEqualTo(200));
        assertThat(states).hasSize(SNAPSHOTS).allSatisfy((id, state) ->
                assertThat(state.state()).isEqualTo(ArtifactStatus.State.PENDING));
    }

    @Test
    void aSnapshotThatIsGoneHasFailedAndTheOthersAreStillRead() {
        List<Artifact> some = new ArrayList<>(artifacts.subList(0, 3));
        some.add(new Artifact(EbsSnapshots.KIND, "snap-0123456789abcdef0", REGION, "vol-0123456789abcdef0", Map.of()));

        Map<String, ArtifactStatus> states = type.pollAll(ctx, some);

        assertThat(proxy.calls("DescribeSnapshots")).isEqualTo(1);
        assertThat(states.get("snap-0123456789abcdef0").state()).isEqualTo(ArtifactStatus.State.FAILED);
        assertThat(states.get(some.get(0).id()).state()).isEqualTo(ArtifactStatus.State.PENDING);
    }

    @Test
    void aBatchStartDescribesTheVolumesOnceAndSnapshotsEach() {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        List<TargetSpec> targets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            targets.add(new TargetSpec(EbsVolumeTargetType.ID, REGION,
                    ec2.createVolume(b -> b.availabilityZone(REGION + "a").size(2)).volumeId(), Map.of()));
        }
        targets.add(1, new TargetSpec(EbsVolumeTargetType.ID, REGION, "vol-0123456789abcdef0", Map.of()));
        proxy.resetCounts();

        List<TargetStart> starts = type.startBackups(ctx, targets, new BackupRequest("run-batch", "p", "batch",
                Map.of(HavenTags.BACKUP_ID, "run-batch", HavenTags.POLICY, "p")));

        assertThat(proxy.calls()).containsExactly(Map.entry("CreateSnapshot", 3), Map.entry("DescribeVolumes", 1));
        assertThat(starts).extracting(TargetStart::target).containsExactlyElementsOf(targets);
        assertThat(starts.get(1).error()).isInstanceOf(TargetNotFoundException.class);
        assertThat(List.of(starts.get(0), starts.get(2), starts.get(3))).allSatisfy(start -> {
            assertThat(start.error()).isNull();
            assertThat(start.artifacts()).singleElement().satisfies(a -> {
                assertThat(a.resourceId()).isEqualTo(start.target().resourceId());
                assertThat(a.detail(EbsSnapshots.DETAIL_SIZE_GIB)).isEqualTo("2");
            });
        });
    }

    @Test
    void addingATargetDescribesOnlyThatVolume() {
        String volume = artifacts.get(0).resourceId();

        assertThat(type.find(ctx, volume)).isPresent();

        assertThat(proxy.calls()).containsExactly(Map.entry("DescribeVolumes", 1));
        assertThat(proxy.requests("DescribeVolumes").get(0)).containsEntry("VolumeId.1", volume);
    }
}
