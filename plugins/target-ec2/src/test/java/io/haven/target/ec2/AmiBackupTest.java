package io.haven.target.ec2;

import static io.haven.target.ec2.Ec2TestBed.LINUX_AMI;
import static io.haven.target.ec2.Ec2TestBed.REGION;
import static io.haven.target.ec2.Ec2TestBed.request;
import static io.haven.target.ec2.Ec2TestBed.tags;
import static io.haven.target.ec2.Ec2TestBed.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.HavenTags;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;

/** backupMode=ami through the plugin against moto. */
@ExtendWith(MotoExtension.class)
class AmiBackupTest {

    private static final Map<String, String> AMI = Map.of("backupMode", "ami");

    private static Ec2TestBed bed;
    private static Ec2InstanceTargetType type;

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
    void createsOneTaggedImageOfTheInstanceWithoutReboot() {
        Instance instance = bed.launch(LINUX_AMI, "web");

        List<Artifact> artifacts = type.startBackup(bed.ctx, target(instance, AMI), request("run-ami"));

        assertThat(artifacts).hasSize(1);
        Artifact artifact = artifacts.get(0);
        assertThat(artifact.kind()).isEqualTo("ami");
        assertThat(artifact.region()).isEqualTo(REGION);
        assertThat(artifact.resourceId()).isEqualTo(instance.instanceId());
        assertThat(artifact.details()).containsEntry("instanceId", instance.instanceId())
                .containsEntry("instance.imageId", LINUX_AMI)
                .containsEntry("image.name", "amzn-ami-hvm-2017.09.1.20171103-x86_64-gp2")
                .containsKey("snapshotIds")
                .doesNotContainKey("device");

        Image image = bed.image(artifact.id()).orElseThrow();
        assertThat(image.name()).isEqualTo("haven-nightly-" + instance.instanceId() + "-run-ami")
                .matches(AmiNames.VALID);
        assertThat(image.description()).isEqualTo("Haven policy nightly, run run-ami");
        assertThat(image.sourceInstanceId()).isEqualTo(instance.instanceId());
        assertThat(tags(image.tags()))
                .containsEntry(HavenTags.BACKUP_ID, "run-ami")
                .containsEntry(HavenTags.POLICY, "nightly")
                .containsEntry("Name", "nightly-" + instance.instanceId())
                .containsEntry("haven:target-type", "ec2-instance")
                .containsEntry("haven:detail:instanceId", instance.instanceId());
        assertThat(Images.snapshotIds(image)).isNotEmpty()
                .allSatisfy(snapshotId -> assertThat(bed.snapshotExists(snapshotId)).isTrue())
                .containsExactlyElementsOf(Arrays.asList(artifact.detail("snapshotIds").split(",")));
        assertThat(type.poll(bed.ctx, artifact)).isEqualTo(ArtifactStatus.completed());

        // moto ignores NoReboot and cannot tag an image's snapshots: check what the plugin asked for
        Map<String, String> call = bed.proxy.calls("CreateImage").get(0);
        assertThat(call).containsEntry("NoReboot", "true").containsEntry("InstanceId", instance.instanceId());
        assertThat(call.keySet()).noneMatch(key -> key.startsWith("BlockDeviceMapping"));
        assertThat(Ec2Proxy.tagSpecification(call, "snapshot"))
                .containsOnly(Map.entry(HavenTags.BACKUP_ID, "run-ami"), Map.entry(HavenTags.POLICY, "nightly"),
                        Map.entry("Name", "nightly-" + instance.instanceId()));
        assertThat(Ec2Proxy.tagSpecification(call, "image")).containsEntry(HavenTags.BACKUP_ID, "run-ami")
                .containsEntry("haven:target-type", "ec2-instance");
    }

    @Test
    void rebootTrueLetsEc2RebootTheInstance() {
        Instance instance = bed.launch(LINUX_AMI, "db");

        type.startBackup(bed.ctx, target(instance, Map.of("backupMode", "ami", "reboot", "true")), request("run-reboot"));

        assertThat(bed.proxy.calls("CreateImage")).singleElement().satisfies(call ->
                assertThat(call).containsEntry("NoReboot", "false"));
    }

    @Test
    void deleteDeregistersTheImageAndDeletesItsSnapshots() {
        Instance instance = bed.launch(LINUX_AMI, "api");
        Artifact artifact = type.startBackup(bed.ctx, target(instance, AMI), request("run-delete")).get(0);
        List<String> snapshots = Images.snapshotIds(bed.image(artifact.id()).orElseThrow());

        type.delete(bed.ctx, artifact);

        assertThat(bed.image(artifact.id())).isEmpty();
        assertThat(snapshots).isNotEmpty().noneMatch(bed::snapshotExists);
        assertThat(type.poll(bed.ctx, artifact).state()).isEqualTo(ArtifactStatus.State.FAILED);
        assertThat(type.poll(bed.ctx, artifact).message()).contains(artifact.id()).contains("no longer exists");
        assertThatCode(() -> type.delete(bed.ctx, artifact)).doesNotThrowAnyException();
    }

    @Test
    void deleteFindsTheSnapshotsOfAnImageDeregisteredBefore() {
        Instance instance = bed.launch(LINUX_AMI, "half-deleted");
        Artifact artifact = type.startBackup(bed.ctx, target(instance, AMI), request("run-half")).get(0);
        List<String> snapshots = Images.snapshotIds(bed.image(artifact.id()).orElseThrow());
        // a clean-up that stopped after the deregistration
        bed.ec2.deregisterImage(b -> b.imageId(artifact.id()));

        type.delete(bed.ctx, artifact);

        assertThat(snapshots).isNotEmpty().noneMatch(bed::snapshotExists);
    }

    @Test
    void findByBackupIdFindsTheRunsImagesAndSnapshots() {
        Instance imaged = bed.launch(LINUX_AMI, "imaged");
        Instance snapshotted = bed.launch(LINUX_AMI, "snapshotted");
        Artifact image = type.startBackup(bed.ctx, target(imaged, AMI), request("run-find")).get(0);
        List<Artifact> snapshots = type.startBackup(bed.ctx, target(snapshotted, Map.of()), request("run-find"));
        type.startBackup(bed.ctx, target(imaged, AMI), request("run-other"));

        List<Artifact> found = type.findByBackupId(bed.ctx, "run-find");

        assertThat(found).extracting(Artifact::id)
                .containsExactlyInAnyOrderElementsOf(concat(image.id(), snapshots.stream().map(Artifact::id).toList()));
        Artifact foundImage = found.stream().filter(a -> a.kind().equals("ami")).findFirst().orElseThrow();
        assertThat(foundImage).isEqualTo(image);
    }

    @Test
    void pollFollowsTheImageState() {
        Instance instance = bed.launch(LINUX_AMI, "slow");
        Artifact artifact = type.startBackup(bed.ctx, target(instance, AMI), request("run-poll")).get(0);

        bed.proxy.rewrite("DescribeImages", body -> body.replace("<imageState>available</imageState>",
                "<imageState>pending</imageState>"));
        ArtifactStatus pending = type.poll(bed.ctx, artifact);
        bed.proxy.rewrite("DescribeImages", body -> body.replace("<imageState>available</imageState>",
                "<imageState>failed</imageState><stateReason><code>Client.InternalError</code>"
                        + "<message>Disk full</message></stateReason>"));
        ArtifactStatus failed = type.poll(bed.ctx, artifact);

        assertThat(pending).isEqualTo(ArtifactStatus.pending(-1));
        assertThat(failed.state()).isEqualTo(ArtifactStatus.State.FAILED);
        assertThat(failed.message()).contains(artifact.id()).contains("failed").contains("Disk full");
    }

    private static List<String> concat(String first, List<String> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).toList();
    }
}
