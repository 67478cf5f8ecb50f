package io.haven.recovery.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryOption;
import io.haven.api.recovery.RecoveryState;
import io.haven.api.recovery.TargetRecovery;
import io.haven.api.target.Artifact;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetSpec;
import io.haven.target.ebs.EbsVolumeTargetType;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import io.haven.testing.recovery.RecordingProgress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeState;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/** Volume recovery (guide 9.3) of ebs-volume backups made by the real EBS target type, checked through the SDK. */
@ExtendWith(MotoExtension.class)
class EbsVolumeRecoveryTest {

    private static final String REGION = "eu-west-1";
    private static final String ZONE_A = "eu-west-1a";
    private static final String ZONE_B = "eu-west-1b";

    private static MotoContext ctx;
    private static Ec2Client ec2;
    private final TargetRecovery recovery = new EbsVolumeRecovery();

    @BeforeAll
    static void setUp(MotoServer moto) {
        ctx = new MotoContext(moto.endpoint(), REGION);
        ec2 = ctx.ec2();
    }

    @AfterAll
    static void tearDown() {
        ctx.close();
    }

    @Test
    void offersOneVolumePerSnapshotWithTheOriginalsSettingsAsDefaults() {
        String volume = volume(ZONE_B, 100, VolumeType.IO1, 2500, Map.of("Name", "orders"));
        String instance = instance(ZONE_B);
        ec2.attachVolume(b -> b.volumeId(volume).instanceId(instance).device("/dev/sdg"));
        List<Artifact> artifacts = backUp(volume);

        List<Recoverable> recoverables = recovery.recoverables(artifacts);

        assertThat(recovery.typeId()).isEqualTo("ebs-volume");
        assertThat(recoverables).singleElement().satisfies(recoverable -> {
            assertThat(recoverable.kind()).isEqualTo("volume");
            assertThat(recoverable.key()).isEqualTo(volume);
            assertThat(recoverable.typeId()).isEqualTo("ebs-volume");
            assertThat(recoverable.resourceId()).isEqualTo(volume);
            assertThat(recoverable.label()).contains("orders").contains("100 GiB io1").contains("/dev/sdg of " + instance);
            assertThat(recoverable.artifacts()).isEqualTo(artifacts);
            assertThat(defaults(recoverable)).containsEntry("zone", ZONE_B).containsEntry("sizeGiB", "100")
                    .containsEntry("volumeType", "io1").containsEntry("iops", "2500").containsEntry("device", "/dev/sdg")
                    .containsEntry("preserveTags", "true").containsEntry("attachBehaviour", "if-free")
                    .containsEntry("attachTo", null).containsEntry("throughput", null);
        });
    }

    @Test
    void recoversAVolumeAsTheOriginalWasByDefault() {
        String original = volume(ZONE_A, 20, VolumeType.GP3, 4000, Map.of("Name", "data", "env", "prod"));
        Recoverable recoverable = recovery.recoverables(backUp(original)).get(0);
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, recoverable, Map.of(), progress);

        RecoveredResource created = progress.created.get(0);
        assertThat(progress.created).hasSize(1);
        assertThat(created.kind()).isEqualTo("volume");
        assertThat(created.region()).isEqualTo(REGION);
        assertThat(created.details()).containsEntry("snapshotId", recoverable.artifacts().get(0).id())
                .containsEntry("originalVolumeId", original).containsEntry("zone", ZONE_A);
        Volume volume = describe(created.id());
        assertThat(volume.snapshotId()).isEqualTo(recoverable.artifacts().get(0).id());
        assertThat(volume.availabilityZone()).isEqualTo(ZONE_A);
        assertThat(volume.size()).isEqualTo(20);
        assertThat(volume.volumeType()).isEqualTo(VolumeType.GP3);
        assertThat(volume.iops()).isEqualTo(4000);
        assertThat(tags(volume)).isEqualTo(Map.of("Name", "data", "env", "prod"));
        assertThat(recovery.poll(ctx, created)).isEqualTo(RecoveryState.ready());
    }

    @Test
    void recoversLargerInAnotherZoneWithAnotherTypeAndWithoutTags() {
        String original = volume(ZONE_A, 10, VolumeType.GP2, null, Map.of("Name", "logs"));
        Recoverable recoverable = recovery.recoverables(backUp(original)).get(0);
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, recoverable, Map.of("zone", ZONE_B, "sizeGiB", "50", "volumeType", "io2", "iops", "5000",
                "preserveTags", "false"), progress);

        Volume volume = describe(progress.created.get(0).id());
        assertThat(volume.availabilityZone()).isEqualTo(ZONE_B);
        assertThat(volume.size()).isEqualTo(50);
        assertThat(volume.volumeType()).isEqualTo(VolumeType.IO2);
        assertThat(volume.iops()).isEqualTo(5000);
        assertThat(volume.tags()).isEmpty();
    }

    @Test
    void attachesToAnInstanceInTheZoneWhenTheDeviceIsFree() {
        String instance = instance(ZONE_A);
        Recoverable recoverable = recovery.recoverables(backUp(volume(ZONE_A, 4, VolumeType.GP2, null, Map.of()))).get(0);
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, recoverable, Map.of("attachTo", instance, "device", "/dev/sdh"), progress);

        RecoveredResource created = progress.created.get(0);
        Volume volume = describe(created.id());
        assertThat(volume.attachments()).singleElement().satisfies(attachment -> {
            assertThat(attachment.instanceId()).isEqualTo(instance);
            assertThat(attachment.device()).isEqualTo("/dev/sdh");
        });
        assertThat(created.details()).containsEntry("attachTo", instance).containsEntry("device", "/dev/sdh");
        assertThat(recovery.poll(ctx, created)).isEqualTo(RecoveryState.ready());
        assertThat(progress.log).anyMatch(line -> line.contains("Attached volume " + created.id()));
    }

    @Test
    void switchOnAStoppedInstanceDetachesTheOldVolumeAndKeepsIt() {
        String instance = instance(ZONE_A);
        String old = volume(ZONE_A, 6, VolumeType.GP2, null, Map.of());
        ec2.attachVolume(b -> b.volumeId(old).instanceId(instance).device("/dev/sdf"));
        Recoverable recoverable = recovery.recoverables(backUp(old)).get(0);
        ec2.stopInstances(b -> b.instanceIds(instance));
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, recoverable, Map.of("attachTo", instance, "device", "/dev/sdf", "attachBehaviour", "switch"),
                progress);

        Volume replaced = describe(old);
        assertThat(replaced.state()).isEqualTo(VolumeState.AVAILABLE);
        assertThat(replaced.attachments()).isEmpty();
        assertThat(describe(progress.created.get(0).id()).attachments()).singleElement()
                .satisfies(a -> assertThat(a.device()).isEqualTo("/dev/sdf"));
        assertThat(progress.removed).isEmpty();
    }

    @Test
    void switchAndDeleteDeletesTheDetachedVolume() {
        String instance = instance(ZONE_A);
        String old = volume(ZONE_A, 6, VolumeType.GP2, null, Map.of());
        ec2.attachVolume(b -> b.volumeId(old).instanceId(instance).device("/dev/sdf"));
        Recoverable recoverable = recovery.recoverables(backUp(old)).get(0);
        ec2.stopInstances(b -> b.instanceIds(instance));
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, recoverable, Map.of("attachTo", instance, "device", "/dev/sdf",
                "attachBehaviour", "switch-and-delete"), progress);

        assertThatThrownBy(() -> describe(old)).isInstanceOfSatisfying(Ec2Exception.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidVolume.NotFound"));
        assertThat(progress.events).containsExactly("created:volume", "removed:volume");
        assertThat(progress.removed.get(0).id()).isEqualTo(old);
        assertThat(describe(progress.created.get(0).id()).attachments()).singleElement()
                .satisfies(a -> assertThat(a.instanceId()).isEqualTo(instance));
    }

    @Test
    void refusesASmallerVolume() {
        assertRefusedWithNothingCreated(Map.of("sizeGiB", "7"), "sizeGiB", "at least 8 GiB");
    }

    @Test
    void refusesIopsOutOfTheTypesRange() {
        assertRefusedWithNothingCreated(Map.of("volumeType", "gp3", "iops", "20000"), "iops", "3000 to 16000");
        assertRefusedWithNothingCreated(Map.of("volumeType", "io1", "iops", "1000"), "iops", "at least 20 GiB");
        assertRefusedWithNothingCreated(Map.of("iops", "3000"), "iops", "gp2 volumes take no IOPS");
    }

    @Test
    void refusesASwitchOnARunningInstance() {
        String instance = instance(ZONE_A);
        String old = volume(ZONE_A, 6, VolumeType.GP2, null, Map.of());
        ec2.attachVolume(b -> b.volumeId(old).instanceId(instance).device("/dev/sdf"));

        assertRefusedWithNothingCreated(Map.of("attachTo", instance, "device", "/dev/sdf", "attachBehaviour", "switch"),
                "attachBehaviour", "needs instance " + instance + " stopped; it is running");
        assertThat(describe(old).attachments()).singleElement().satisfies(a -> assertThat(a.instanceId()).isEqualTo(instance));
    }

    @Test
    void refusesToAttachInAnotherZone() {
        String elsewhere = instance(ZONE_B);

        assertRefusedWithNothingCreated(Map.of("attachTo", elsewhere, "device", "/dev/sdh"),
                "attachTo", "is in " + ZONE_B);
    }

    @Test
    void refusesATakenDeviceWhenAttachingOnlyIfFree() {
        String instance = instance(ZONE_A);
        String taken = volume(ZONE_A, 1, VolumeType.GP2, null, Map.of());
        ec2.attachVolume(b -> b.volumeId(taken).instanceId(instance).device("/dev/sdj"));

        assertRefusedWithNothingCreated(Map.of("attachTo", instance, "device", "sdj"), "device", "holds volume " + taken);
    }

    @Test
    void refusesUnknownZonesInstancesDevicesAndOptions() {
        assertRefusedWithNothingCreated(Map.of("zone", "eu-west-1z"), "zone", "no availability zone eu-west-1z");
        assertRefusedWithNothingCreated(Map.of("attachTo", "i-0123456789abcdef0", "device", "/dev/sdh"), "attachTo",
                "does not exist");
        assertRefusedWithNothingCreated(Map.of("attachTo", "web-1"), "attachTo", "i-0123456789abcdef0");
        assertRefusedWithNothingCreated(Map.of("attachTo", instance(ZONE_A), "device", "disk2"), "device",
                "not a device name");
        assertRefusedWithNothingCreated(Map.of("size", "9"), "size", "Unknown option");
    }

    @Test
    void pollFollowsTheVolume() {
        String volume = volume(ZONE_A, 1, VolumeType.GP2, null, Map.of());
        RecoveredResource resource = new RecoveredResource("volume", volume, REGION, Map.of());
        String instance = instance(ZONE_A);

        assertThat(recovery.poll(ctx, resource)).isEqualTo(RecoveryState.ready());
        assertThat(recovery.poll(ctx, new RecoveredResource("volume", volume, REGION, Map.of("attachTo", instance))).state())
                .isEqualTo(RecoveryState.State.FAILED);
        ec2.deleteVolume(b -> b.volumeId(volume));
        assertThat(recovery.poll(ctx, resource).message()).contains("no longer exists");
    }

    private void assertRefusedWithNothingCreated(Map<String, String> choices, String field, String message) {
        Recoverable recoverable = recovery.recoverables(backUp(volume(ZONE_A, 8, VolumeType.GP2, null, Map.of()))).get(0);
        List<String> before = volumeIds();
        RecordingProgress progress = new RecordingProgress();

        assertThatThrownBy(() -> recovery.check(ctx, recoverable, choices))
                .isInstanceOfSatisfying(InvalidRecoveryException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(message);
                });
        assertThatThrownBy(() -> recovery.start(ctx, recoverable, choices, progress))
                .isInstanceOf(InvalidRecoveryException.class);
        assertThat(volumeIds()).isEqualTo(before);
        assertThat(progress.created).isEmpty();
    }

    private static List<Artifact> backUp(String volumeId) {
        return new EbsVolumeTargetType().startBackup(ctx, new TargetSpec("ebs-volume", REGION, volumeId, Map.of()),
                new BackupRequest("run-" + volumeId, "daily", "Haven policy daily",
                        Map.of(HavenTags.BACKUP_ID, "run-" + volumeId, HavenTags.POLICY, "daily")));
    }

    private static String volume(String zone, int sizeGiB, VolumeType type, Integer iops, Map<String, String> tags) {
        return ec2.createVolume(b -> {
            b.availabilityZone(zone).size(sizeGiB).volumeType(type).iops(iops);
            if (!tags.isEmpty()) {
                b.tagSpecifications(t -> t.resourceType(ResourceType.VOLUME).tags(tags.entrySet().stream()
                        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
            }
        }).volumeId();
    }

    private static String instance(String zone) {
        return ec2.runInstances(b -> b.imageId("ami-12345678").minCount(1).maxCount(1)
                .placement(p -> p.availabilityZone(zone))).instances().get(0).instanceId();
    }

    private static Volume describe(String volumeId) {
        return ec2.describeVolumes(b -> b.volumeIds(volumeId)).volumes().get(0);
    }

    private static List<String> volumeIds() {
        return ec2.describeVolumes().volumes().stream().map(Volume::volumeId).sorted().toList();
    }

    private static Map<String, String> tags(Volume volume) {
        return volume.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    static Map<String, String> defaults(Recoverable recoverable) {
        Map<String, String> defaults = new HashMap<>();
        recoverable.options().forEach(option -> defaults.put(option.name(), option.defaultValue()));
        return defaults;
    }

    static Map<String, RecoveryOption> options(Recoverable recoverable) {
        return recoverable.options().stream().collect(Collectors.toMap(RecoveryOption::name, Function.identity()));
    }
}
