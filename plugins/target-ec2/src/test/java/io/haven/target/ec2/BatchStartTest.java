package io.haven.target.ec2;

import static io.haven.target.ec2.Ec2TestBed.LINUX_AMI;
import static io.haven.target.ec2.Ec2TestBed.request;
import static io.haven.target.ec2.Ec2TestBed.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.Artifact;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetNotFoundException;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetStart;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * Issue 13, goal 3: a batch of instances is described with a few calls for all of them and each instance's volumes
 * are snapshotted together with one CreateSnapshots (crash-consistent), as the proxy in front of moto counts them.
 */
@ExtendWith(MotoExtension.class)
class BatchStartTest {

    private static final int INSTANCES = 6;

    private static Ec2TestBed bed;
    private static MovableClock clock;
    private static Ec2InstanceTargetType type;

    @BeforeAll
    static void setUp(MotoServer moto) {
        bed = new Ec2TestBed(moto);
        clock = new MovableClock();
        type = bed.targetType(clock);
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
    void aBatchIsDescribedOnceAndEachInstanceIsSnapshottedWithOneCall() {
        List<TargetSpec> targets = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            targets.add(target(bed.launch(LINUX_AMI, "batch-" + i), Map.of()));
        }
        bed.proxy.reset();

        List<TargetStart> starts = type.startBackups(bed.ctx, targets, request("run-batch"));

        assertThat(starts).extracting(TargetStart::error).containsOnlyNulls();
        assertThat(starts).extracting(TargetStart::target).containsExactlyElementsOf(targets);
        assertThat(starts).allSatisfy(start -> assertThat(start.artifacts()).hasSize(3)
                .extracting(a -> a.detail("device")).containsExactly("/dev/xvda", "/dev/sdf", "/dev/sdg"));
        assertThat(bed.proxy.calls("DescribeInstances")).hasSize(1);
        assertThat(bed.proxy.calls("DescribeImages")).as("the instances share one AMI: one describe").hasSize(1);
        assertThat(bed.proxy.calls("DescribeVolumes")).hasSize(1);
        assertThat(bed.proxy.calls("CreateSnapshots")).hasSize(INSTANCES);
        assertThat(bed.proxy.calls("CreateSnapshot")).isEmpty();
        assertThat(bed.proxy.calls("DescribeInstanceAttribute")).hasSize(2 * INSTANCES);
        assertThat(bed.proxy.calls("CreateSnapshots")).allSatisfy(call -> assertThat(call)
                .containsEntry("InstanceSpecification.ExcludeBootVolume", "false")
                .doesNotContainKey("InstanceSpecification.ExcludeDataVolumeId.1"));

        // every snapshot has Haven's record of its volume, and AWS has the run's tags on it
        Artifact first = starts.get(0).artifacts().get(1);
        assertThat(first.details()).containsEntry("instanceId", targets.get(0).resourceId())
                .containsEntry("sizeGiB", "10").containsKey("volume.type").containsKey("instance.type");
        Snapshot snapshot = bed.snapshot(first.id());
        assertThat(Ec2TestBed.tags(snapshot.tags())).containsEntry(HavenTags.BACKUP_ID, "run-batch")
                .containsEntry("haven:detail:instanceId", targets.get(0).resourceId());
    }

    @Test
    void instanceSettingsAreReadAgainOnlyWhenTheyAreOlderThanTheirMaximumAge() {
        List<TargetSpec> targets = List.of(target(bed.launch(LINUX_AMI, "kept-1"), Map.of()),
                target(bed.launch(LINUX_AMI, "kept-2"), Map.of()));
        type.setInstanceAttributesMaxAgeHours(24);
        type.startBackups(bed.ctx, targets, request("run-kept-1"));
        bed.proxy.reset();

        clock.moveBy(Duration.ofHours(23));
        List<TargetStart> again = type.startBackups(bed.ctx, targets, request("run-kept-2"));
        assertThat(bed.proxy.calls("DescribeInstanceAttribute")).isEmpty();
        assertThat(again.get(0).artifacts().get(0).details()).containsKey("instance.shutdownBehaviour");

        clock.moveBy(Duration.ofHours(2));
        type.startBackups(bed.ctx, targets, request("run-kept-3"));
        assertThat(bed.proxy.calls("DescribeInstanceAttribute")).hasSize(4);
    }

    @Test
    void aGoneInstanceFailsOnlyItsOwnTarget() {
        Instance live = bed.launch(LINUX_AMI, "live");
        Instance gone = bed.launch(LINUX_AMI, "terminated");
        bed.ec2.terminateInstances(b -> b.instanceIds(gone.instanceId()));
        TargetSpec missing = new TargetSpec("ec2-instance", Ec2TestBed.REGION, "i-0123456789abcdef0", Map.of());

        List<TargetStart> starts = type.startBackups(bed.ctx,
                List.of(target(gone, Map.of()), target(live, Map.of()), missing), request("run-gone"));

        assertThat(starts.get(0).error()).isInstanceOf(TargetNotFoundException.class).hasMessageContaining("terminated");
        assertThat(starts.get(1).artifacts()).hasSize(3);
        assertThat(starts.get(2).error()).isInstanceOf(TargetNotFoundException.class)
                .hasMessageContaining("i-0123456789abcdef0");
    }

    /** Include and exclude lists become ExcludeBootVolume and ExcludeDataVolumeIds of the one call. */
    @Test
    void aSelectionOfVolumesIsExcludedFromTheOneCall() {
        Instance instance = bed.launch(LINUX_AMI, "selected");
        Map<String, String> devices = InstanceResources.ebsVolumes(instance);

        List<Artifact> data = type.startBackup(bed.ctx,
                target(instance, Map.of("volumes", "exclude", "devices", "/dev/xvda,/dev/sdg")), request("run-sdf"));
        List<Artifact> root = type.startBackup(bed.ctx,
                target(instance, Map.of("volumes", "include", "devices", "xvda")), request("run-root"));

        assertThat(data).extracting(Artifact::resourceId).containsExactly(devices.get("/dev/sdf"));
        assertThat(root).extracting(Artifact::resourceId).containsExactly(devices.get("/dev/xvda"));
        assertThat(bed.proxy.calls("CreateSnapshots").get(0))
                .containsEntry("InstanceSpecification.ExcludeBootVolume", "true")
                .containsEntry("InstanceSpecification.ExcludeDataVolumeId.1", devices.get("/dev/sdg"));
        assertThat(bed.proxy.calls("CreateSnapshots").get(1))
                .containsEntry("InstanceSpecification.ExcludeBootVolume", "false")
                .containsEntry("InstanceSpecification.ExcludeDataVolumeId.1", devices.get("/dev/sdf"))
                .containsEntry("InstanceSpecification.ExcludeDataVolumeId.2", devices.get("/dev/sdg"));
        assertThat(type.findByBackupId(bed.ctx, "run-sdf")).extracting(Artifact::resourceId)
                .containsExactly(devices.get("/dev/sdf"));
    }

    /** After a stop, the run's snapshots found in AWS get their devices and volume facts back from the volumes. */
    @Test
    void snapshotsFoundInAwsKnowTheirDevicesAndVolumes() {
        Instance instance = bed.launch(LINUX_AMI, "found");
        List<Artifact> made = type.startBackup(bed.ctx, target(instance, Map.of()), request("run-found"));
        bed.proxy.reset();

        List<Artifact> found = type.findByBackupId(bed.ctx, "run-found");

        assertThat(found).hasSize(3).allSatisfy(artifact -> {
            Artifact original = made.stream().filter(m -> m.id().equals(artifact.id())).findFirst().orElseThrow();
            assertThat(artifact.details()).containsEntry("device", original.detail("device"))
                    .containsEntry("volume.type", original.detail("volume.type"))
                    .containsEntry("instanceId", instance.instanceId());
        });
        assertThat(bed.proxy.calls("DescribeVolumes")).hasSize(1);
    }

    /** A snapshot whose volume is gone still knows its device from the devices tag its instance's snapshots share. */
    @Test
    void aSnapshotOfADeletedVolumeKnowsItsDeviceFromTheSharedTag() {
        Instance instance = bed.launch(LINUX_AMI, "detached");
        String data = InstanceResources.ebsVolumes(instance).get("/dev/sdg");
        type.startBackup(bed.ctx, target(instance, Map.of()), request("run-detached"));
        bed.ec2.detachVolume(b -> b.volumeId(data).instanceId(instance.instanceId()));
        bed.ec2.deleteVolume(b -> b.volumeId(data));

        List<Artifact> found = type.findByBackupId(bed.ctx, "run-detached");

        assertThat(found).filteredOn(a -> a.resourceId().equals(data)).singleElement()
                .satisfies(a -> assertThat(a.details()).containsEntry("device", "/dev/sdg")
                        .doesNotContainKeys("devices", "volume.type"));
    }
}
