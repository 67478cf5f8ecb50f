package io.haven.target.ec2;

import static io.haven.target.ec2.Ec2TestBed.LINUX_AMI;
import static io.haven.target.ec2.Ec2TestBed.request;
import static io.haven.target.ec2.Ec2TestBed.tags;
import static io.haven.target.ec2.Ec2TestBed.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.CloudContext;
import io.haven.api.target.CopyRequest;
import io.haven.api.target.HavenTags;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/** Disaster-recovery copies of an instance's snapshots and AMIs to another region (guide 10), against moto. */
@ExtendWith(MotoExtension.class)
class DrCopyTest {

    private static final String DR = "sa-east-1";
    private static Ec2TestBed bed;
    private static Ec2InstanceTargetType type;
    private static CloudContext destination;

    @BeforeAll
    static void setUp(MotoServer moto) {
        bed = new Ec2TestBed(moto);
        type = bed.targetType(new MovableClock());
        destination = bed.context(DR);
    }

    @AfterAll
    static void tearDown() {
        bed.close();
    }

    @Test
    void copiesTheVolumesSnapshotsWithTheirDetailsAndTags() {
        Instance instance = bed.launch(LINUX_AMI, "db");
        List<Artifact> snapshots = type.startBackup(bed.ctx, target(instance, Map.of()), request("run-dr-snap"));
        assertThat(type.notCopiedBecause()).isEmpty();

        List<Artifact> copies = snapshots.stream().map(s -> type.startCopy(bed.ctx, destination, s,
                copyRequest("run-dr-snap", s.id()))).toList();

        assertThat(copies).hasSize(snapshots.size()).allSatisfy(copy -> {
            assertThat(copy.region()).isEqualTo(DR);
            assertThat(copy.detail("instanceId")).isEqualTo(instance.instanceId());
            assertThat(copy.detail("device")).isNotNull();
            assertThat(type.targetOf(copy)).isEqualTo(instance.instanceId());
            Snapshot described = destination.client(Ec2Client.class).describeSnapshots(b -> b.snapshotIds(copy.id()))
                    .snapshots().get(0);
            assertThat(tags(described.tags())).containsEntry(HavenTags.BACKUP_ID, "run-dr-snap")
                    .containsEntry(HavenTags.COPY_OF, copy.detail(HavenTags.COPY_OF))
                    .containsEntry("haven:target-type", "ec2-instance");
        });
        assertThat(type.pollAll(destination, copies).values()).containsOnly(ArtifactStatus.completed());
        assertThat(type.findCopies(destination, "run-dr-snap")).extracting(Artifact::id)
                .containsExactlyInAnyOrderElementsOf(copies.stream().map(Artifact::id).toList());
        assertThat(type.findByBackupId(destination, "run-dr-snap")).isEmpty();
    }

    @Test
    void copiesAnAmiAndDeletesTheCopyWithItsSnapshots() {
        Instance instance = bed.launch(LINUX_AMI, "web");
        Artifact ami = type.startBackup(bed.ctx, target(instance, Map.of("backupMode", "ami")), request("run-dr-ami"))
                .get(0);

        Artifact copy = type.startCopy(bed.ctx, destination, ami, copyRequest("run-dr-ami", ami.id()));

        assertThat(copy.kind()).isEqualTo("ami");
        assertThat(copy.region()).isEqualTo(DR);
        assertThat(copy.detail(HavenTags.COPY_OF)).isEqualTo(ami.id());
        Ec2Client ec2 = destination.client(Ec2Client.class);
        Image image = ec2.describeImages(b -> b.imageIds(copy.id())).images().get(0);
        assertThat(tags(image.tags())).containsEntry(HavenTags.BACKUP_ID, "run-dr-ami")
                .containsEntry(HavenTags.POLICY, "nightly").containsEntry(HavenTags.COPY_OF, ami.id());
        assertThat(type.poll(destination, copy)).isEqualTo(ArtifactStatus.completed());
        assertThat(type.findCopies(destination, "run-dr-ami")).singleElement()
                .satisfies(found -> assertThat(found.id()).isEqualTo(copy.id()));
        List<String> copySnapshots = Images.snapshotIds(image);
        assertThat(copySnapshots).isNotEmpty();

        type.delete(destination, copy);
        assertThat(ec2.describeImages(b -> b.owners("self").filters(f -> f.name("image-id").values(copy.id())))
                .images()).isEmpty();
        assertThat(ec2.describeSnapshots(b -> b.filters(f -> f.name("snapshot-id").values(copySnapshots)))
                .snapshots()).isEmpty();
        assertThat(bed.image(ami.id())).isPresent();
    }

    /**
     * Guide 11: the volumes' snapshots are shared with the DR account, which copies them into itself; an AMI is shared
     * with its snapshots (moto cannot copy a shared AMI into another account, so its copy is not run here).
     */
    @Test
    void sharesSnapshotsAndAmisWithTheDrAccountWhichCopiesTheSnapshotsIntoItself() {
        CloudContext vault = bed.drAccountContext(DR);
        assertThat(type.notSharedBecause()).isEmpty();
        Instance instance = bed.launch(LINUX_AMI, "xacct");
        List<Artifact> snapshots = type.startBackup(bed.ctx, target(instance, Map.of()), request("run-xacct"));
        snapshots.forEach(s -> type.share(bed.ctx, s, "210987654321"));
        List<Artifact> copies = snapshots.stream().map(s -> type.startCopy(bed.ctx, vault, s,
                copyRequest("run-xacct", s.id()))).toList();
        assertThat(copies).hasSize(snapshots.size()).allSatisfy(copy -> assertThat(vault.client(Ec2Client.class)
                .describeSnapshots(b -> b.snapshotIds(copy.id())).snapshots().get(0).ownerId()).isEqualTo("210987654321"));
        assertThat(type.findCopies(vault, "run-xacct")).hasSize(copies.size());

        Artifact ami = type.startBackup(bed.ctx, target(bed.launch(LINUX_AMI, "xacct-ami"), Map.of("backupMode", "ami")),
                request("run-xacct-ami")).get(0);
        type.share(bed.ctx, ami, "210987654321");
        Ec2Client ec2 = bed.ctx.client(Ec2Client.class);
        assertThat(ec2.describeImageAttribute(b -> b.imageId(ami.id()).attribute("launchPermission")).launchPermissions())
                .extracting(p -> p.userId()).containsExactly("210987654321");
        List<String> amiSnapshots = Images.snapshotIds(ec2.describeImages(b -> b.imageIds(ami.id())).images().get(0));
        assertThat(amiSnapshots).isNotEmpty().allSatisfy(id -> assertThat(ec2.describeSnapshotAttribute(b -> b
                .snapshotId(id).attribute("createVolumePermission")).createVolumePermissions())
                .extracting(p -> p.userId()).containsExactly("210987654321"));
    }

    private static CopyRequest copyRequest(String backupId, String sourceId) {
        return new CopyRequest(backupId, "nightly", "Haven DR copy of " + sourceId,
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "nightly", HavenTags.COPY_OF, sourceId), null);
    }
}
