package io.haven.target.ec2;

import static io.haven.target.ec2.Ec2TestBed.LINUX_AMI;
import static io.haven.target.ec2.Ec2TestBed.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.Artifact;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.HavenTags;
import io.haven.testing.faults.RecordingBackupLog;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Creating calls of the EC2 type whose answers are lost, and starts resumed after a stop: what AWS made
 * is adopted, nothing is made twice, and adopted snapshots name their instance as their target.
 */
@ExtendWith(MotoExtension.class)
class LostAnswerTest {

    private static final Map<String, String> AMI = Map.of("backupMode", "ami");

    private static Ec2TestBed bed;
    private static Ec2InstanceTargetType type;
    private final RecordingBackupLog log = new RecordingBackupLog();

    @BeforeAll
    static void setUp(MotoServer moto) {
        bed = new Ec2TestBed(moto);
        type = bed.targetType(new MovableClock());
    }

    @AfterEach
    void resetProxy() {
        bed.proxy.reset();
    }

    @AfterAll
    static void tearDown() {
        bed.close();
    }

    @Test
    void anImageWhoseAnswerWasLostIsFoundByItsNameAndAdoptedWithoutASecondCall() {
        Instance instance = bed.launch(LINUX_AMI, "lost-image");
        bed.proxy.loseNextAnswer("CreateImage");

        Artifact artifact = type.startBackup(bed.ctx, target(instance, AMI), request("run-lost-image", false)).get(0);

        assertThat(bed.imagesTagged(HavenTags.BACKUP_ID, "run-lost-image")).extracting(Image::imageId)
                .containsExactly(artifact.id());
        assertThat(bed.proxy.calls("CreateImage")).hasSize(1);
        assertThat(log.messages()).singleElement().asString().contains("lost", artifact.id());
    }

    @Test
    void aLostSnapshotAnswerIsAdoptedAndEveryVolumeHasOneSnapshot() {
        Instance instance = bed.launch(LINUX_AMI, "lost-snapshot");
        bed.proxy.loseNextAnswer("CreateSnapshots");

        List<Artifact> artifacts = type.startBackup(bed.ctx, target(instance, Map.of()), request("run-lost-snap", false));

        List<Artifact> found = type.findByBackupId(bed.ctx, "run-lost-snap");
        assertThat(found).extracting(Artifact::id)
                .containsExactlyInAnyOrderElementsOf(artifacts.stream().map(Artifact::id).toList());
        assertThat(artifacts).hasSize(3);
        assertThat(bed.proxy.calls("CreateSnapshots")).as("the lost call's snapshots are adopted, not made again")
                .hasSize(1);
        assertThat(found).allSatisfy(a -> assertThat(type.targetOf(a)).isEqualTo(instance.instanceId()));
        assertThat(found).as("found in AWS, each knows its device again from its volume")
                .extracting(a -> a.detail("device")).containsExactlyInAnyOrder("/dev/xvda", "/dev/sdf", "/dev/sdg");
    }

    @Test
    void aResumedStartAdoptsTheSnapshotsAndTheImageItMadeBefore() {
        Instance instance = bed.launch(LINUX_AMI, "resumed");
        List<Artifact> first = type.startBackup(bed.ctx, target(instance, Map.of()), request("run-resumed", false));
        Artifact image = type.startBackup(bed.ctx, target(instance, AMI), request("run-resumed", false)).get(0);
        bed.proxy.reset();

        List<Artifact> again = type.startBackup(bed.ctx, target(instance, Map.of()), request("run-resumed", true));
        Artifact imageAgain = type.startBackup(bed.ctx, target(instance, AMI), request("run-resumed", true)).get(0);

        assertThat(again).extracting(Artifact::id).containsExactlyElementsOf(first.stream().map(Artifact::id).toList());
        assertThat(imageAgain.id()).isEqualTo(image.id());
        assertThat(bed.proxy.calls("CreateSnapshots")).isEmpty();
        assertThat(bed.proxy.calls("CreateImage")).isEmpty();
    }

    private BackupRequest request(String backupId, boolean resumed) {
        return new BackupRequest(backupId, "nightly", "Haven policy nightly, run " + backupId,
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "nightly"), log, resumed);
    }
}
