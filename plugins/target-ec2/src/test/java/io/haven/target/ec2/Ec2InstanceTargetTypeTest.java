package io.haven.target.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetNotFoundException;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;

@ExtendWith(MotoExtension.class)
class Ec2InstanceTargetTypeTest {

    private static final String REGION = "eu-west-1";
    private static final String ZONE = "eu-west-1b";

    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static Ec2Client ec2;
    private final TargetType type = new Ec2InstanceTargetType();

    @BeforeAll
    static void setUp(MotoServer moto) {
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(moto.endpoint()));
        ctx = clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")), REGION);
        ec2 = ctx.client(Ec2Client.class);
    }

    @AfterAll
    static void tearDown() {
        clients.close();
    }

    @Test
    void describesItself() {
        assertThat(type.id()).isEqualTo("ec2-instance");
        assertThat(type.displayName()).isEqualTo("EC2 instance");
    }

    @Test
    void findLooksUpTheOneInstanceWithOneCall(MotoServer moto) {
        try (Ec2TestBed bed = new Ec2TestBed(moto)) {
            String wanted = bed.launch(Ec2TestBed.LINUX_AMI, "wanted").instanceId();
            String terminated = bed.launch(Ec2TestBed.LINUX_AMI, "gone").instanceId();
            bed.ec2.terminateInstances(b -> b.instanceIds(terminated));
            bed.proxy.reset();

            assertThat(type.find(bed.ctx, wanted)).get().satisfies(r -> assertThat(r.name()).isEqualTo("wanted"));
            assertThat(type.find(bed.ctx, terminated)).as("a terminated instance cannot be a target").isEmpty();
            assertThat(type.find(bed.ctx, "i-0123456789abcdef0")).isEmpty();

            assertThat(bed.proxy.calls("DescribeInstances")).as("one describe of the id each, never a listing")
                    .extracting(call -> call.get("InstanceId.1"))
                    .containsExactly(wanted, terminated, "i-0123456789abcdef0");
            assertThat(bed.proxy.calls("DescribeVolumes")).isEmpty();
        }
    }

    /** Guide 13: instances opt in to tag scans; one filtered DescribeInstances finds the live tagged ones. */
    @Test
    void findsTheLiveInstancesTaggedCpmBackupWithOneFilteredDescribe(MotoServer moto) {
        try (Ec2TestBed bed = new Ec2TestBed(moto)) {
            String tagged = bed.launch(Ec2TestBed.LINUX_AMI, "tagged").instanceId();
            String untagged = bed.launch(Ec2TestBed.LINUX_AMI, "untagged").instanceId();
            String gone = bed.launch(Ec2TestBed.LINUX_AMI, "gone").instanceId();
            bed.ec2.createTags(b -> b.resources(tagged, gone).tags(t -> t.key("cpm backup").value("web#only-amis")));
            bed.ec2.terminateInstances(b -> b.instanceIds(gone));
            bed.proxy.reset();

            List<Resource> found = type.findTagged(bed.ctx, "cpm backup");

            assertThat(type.scansTags()).isTrue();
            assertThat(found).extracting(Resource::id).contains(tagged).doesNotContain(untagged, gone);
            assertThat(found).filteredOn(r -> r.id().equals(tagged)).singleElement()
                    .satisfies(r -> assertThat(r.tags()).containsEntry("cpm backup", "web#only-amis"));
            assertThat(bed.proxy.calls("DescribeInstances")).singleElement()
                    .satisfies(call -> assertThat(call).containsValue("tag-key").containsValue("cpm backup"));
        }
    }

    @Test
    void discoversLiveInstancesWithTheirDevices() {
        Instance web = launch("web");
        Instance stopped = launch(null);
        ec2.stopInstances(b -> b.instanceIds(stopped.instanceId()));
        Instance terminated = launch("gone");
        ec2.terminateInstances(b -> b.instanceIds(terminated.instanceId()));

        Map<String, Resource> found = type.discover(ctx).stream()
                .collect(Collectors.toMap(Resource::id, resource -> resource));

        assertThat(found).containsKeys(web.instanceId(), stopped.instanceId()).doesNotContainKey(terminated.instanceId());
        Resource resource = found.get(web.instanceId());
        Map<String, String> devices = volumesByDevice(web.instanceId());
        assertThat(resource.type()).isEqualTo("ec2-instance");
        assertThat(resource.region()).isEqualTo(REGION);
        assertThat(resource.name()).isEqualTo("web");
        assertThat(resource.tags()).containsEntry("Name", "web");
        assertThat(resource.attributes())
                .containsEntry("state", "running")
                .containsEntry("instanceType", "t3.micro")
                .containsEntry("zone", ZONE)
                .containsEntry("platform", "linux")
                .containsEntry("rootDevice", "/dev/sda1")
                .containsEntry("devices", "/dev/sda1=" + devices.get("/dev/sda1") + ",/dev/sdf="
                        + devices.get("/dev/sdf") + ",/dev/sdg=" + devices.get("/dev/sdg"));
        assertThat(found.get(stopped.instanceId()).name()).isEqualTo(stopped.instanceId());
        assertThat(found.get(stopped.instanceId()).attributes()).containsEntry("state", "stopped");
    }

    @Test
    void backsUpEveryAttachedVolumeByDefault() {
        Instance instance = launch("app");
        Map<String, String> devices = volumesByDevice(instance.instanceId());

        List<Artifact> artifacts = type.startBackup(ctx, target(instance, Map.of()), request("run-all"));

        assertThat(artifacts).extracting(a -> a.detail("device")).containsExactly("/dev/sda1", "/dev/sdf", "/dev/sdg");
        for (Artifact artifact : artifacts) {
            String device = artifact.detail("device");
            assertThat(artifact.kind()).isEqualTo("ebs-snapshot");
            assertThat(artifact.region()).isEqualTo(REGION);
            assertThat(artifact.resourceId()).isEqualTo(devices.get(device));
            assertThat(artifact.details()).containsEntry("volumeId", devices.get(device))
                    .containsEntry("instanceId", instance.instanceId())
                    .containsEntry("sizeGiB", String.valueOf(sizeOf(device)));

            Snapshot snapshot = snapshot(artifact.id());
            assertThat(snapshot.volumeId()).isEqualTo(devices.get(device));
            assertThat(snapshot.description()).isEqualTo("Haven policy weekly, run run-all");
            assertThat(tags(snapshot)).containsEntry(HavenTags.BACKUP_ID, "run-all")
                    .containsEntry(HavenTags.POLICY, "weekly");
            assertThat(type.poll(ctx, artifact)).isEqualTo(ArtifactStatus.completed());
        }
    }

    @Test
    void includeAndExcludePickTheNamedDevices() {
        Instance instance = launch("db");
        Map<String, String> devices = volumesByDevice(instance.instanceId());

        List<Artifact> included = type.startBackup(ctx,
                target(instance, Map.of("volumes", "include", "devices", "/dev/sdg, sdf")), request("run-include"));
        List<Artifact> excluded = type.startBackup(ctx,
                target(instance, Map.of("volumes", "exclude", "devices", "/dev/sda1")), request("run-exclude"));
        List<Artifact> root = type.startBackup(ctx,
                target(instance, Map.of("volumes", "include", "devices", "/dev/sda1")), request("run-root"));

        assertThat(included).extracting(Artifact::resourceId).containsExactly(devices.get("/dev/sdf"), devices.get("/dev/sdg"));
        assertThat(excluded).extracting(Artifact::resourceId).containsExactly(devices.get("/dev/sdf"), devices.get("/dev/sdg"));
        assertThat(root).extracting(Artifact::resourceId).containsExactly(devices.get("/dev/sda1"));
        assertThat(snapshotVolumes("run-include")).containsExactlyInAnyOrder(devices.get("/dev/sdf"), devices.get("/dev/sdg"));
    }

    @Test
    void includingADeviceTheInstanceLacksFailsClearly() {
        Instance instance = launch("db");

        assertThatThrownBy(() -> type.startBackup(ctx,
                target(instance, Map.of("volumes", "include", "devices", "/dev/sdf,/dev/sdz")), request("run-bad")))
                .isInstanceOfSatisfying(InvalidTargetException.class, e -> assertThat(e.field()).isEqualTo("options.devices"))
                .hasMessageContaining(instance.instanceId())
                .hasMessageContaining("sdz")
                .hasMessageContaining("/dev/sda1, /dev/sdf, /dev/sdg");
        assertThat(snapshotVolumes("run-bad")).isEmpty();
    }

    @Test
    void stoppedInstancesAreBackedUp() {
        Instance instance = launch("batch");
        ec2.stopInstances(b -> b.instanceIds(instance.instanceId()));

        assertThat(type.startBackup(ctx, target(instance, Map.of()), request("run-stopped"))).hasSize(3);
    }

    @Test
    void missingOrTerminatedInstancesAreTargetNotFound() {
        Instance instance = launch("old");
        ec2.terminateInstances(b -> b.instanceIds(instance.instanceId()));

        assertThatThrownBy(() -> type.startBackup(ctx, target(instance, Map.of()), request("run-t")))
                .isInstanceOf(TargetNotFoundException.class)
                .hasMessageContaining(instance.instanceId()).hasMessageContaining("terminated");
        assertThatThrownBy(() -> type.startBackup(ctx,
                new TargetSpec("ec2-instance", REGION, "i-0123456789abcdef0", Map.of()), request("run-m")))
                .isInstanceOf(TargetNotFoundException.class)
                .hasMessageContaining("i-0123456789abcdef0");
    }

    @Test
    void deleteAndFindWorkOnTheRunsSnapshots() {
        Instance instance = launch("api");
        List<Artifact> run = type.startBackup(ctx, target(instance, Map.of()), request("run-find"));
        type.startBackup(ctx, target(instance, Map.of()), request("run-later"));

        assertThat(type.findByBackupId(ctx, "run-find")).containsExactlyInAnyOrderElementsOf(run);

        run.forEach(artifact -> type.delete(ctx, artifact));

        assertThat(type.findByBackupId(ctx, "run-find")).isEmpty();
        assertThat(snapshotVolumes("run-find")).isEmpty();
        assertThat(type.findByBackupId(ctx, "run-later")).hasSize(3);
        assertThatCode(() -> type.delete(ctx, run.get(0))).doesNotThrowAnyException();
    }

    @Test
    void validateChecksIdAndOptions() {
        assertThatCode(() -> type.validate(spec("i-0123456789abcdef0", Map.of()))).doesNotThrowAnyException();
        assertThatCode(() -> type.validate(spec("i-1234abcd", Map.of("volumes", "all")))).doesNotThrowAnyException();
        assertThatCode(() -> type.validate(spec("i-1234abcd", Map.of("volumes", "exclude", "devices", "/dev/sdf"))))
                .doesNotThrowAnyException();

        assertInvalid(spec("vol-1234abcd", Map.of()), "resourceId");
        assertInvalid(spec("i-1234abcd", Map.of("volumes", "some")), "options.volumes");
        assertInvalid(spec("i-1234abcd", Map.of("volumes", "include")), "options.devices");
        assertInvalid(spec("i-1234abcd", Map.of("volumes", "exclude", "devices", " ")), "options.devices");
        assertInvalid(spec("i-1234abcd", Map.of("devices", "/dev/sdf")), "options.devices");
        assertInvalid(spec("i-1234abcd", Map.of("volumes", "all", "devices", "/dev/sdf")), "options.devices");
        assertInvalid(spec("i-1234abcd", Map.of("volumes", "include", "devices", "/dev/sdf,,/dev/sdg")), "options.devices");
        assertInvalid(spec("i-1234abcd", Map.of("noReboot", "true")), "options.noReboot");
    }

    private void assertInvalid(TargetSpec spec, String field) {
        assertThatThrownBy(() -> type.validate(spec))
                .isInstanceOfSatisfying(InvalidTargetException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    /** A running t3.micro with a root volume (8 GiB) and two data volumes (10 and 12 GiB). */
    private static Instance launch(String name) {
        return ec2.runInstances(b -> {
            b.imageId("ami-12345678").minCount(1).maxCount(1).instanceType(InstanceType.T3_MICRO)
                    .placement(p -> p.availabilityZone(ZONE))
                    .blockDeviceMappings(mapping("/dev/sda1", 8), mapping("/dev/sdf", 10), mapping("/dev/sdg", 12));
            if (name != null) {
                b.tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(Tag.builder().key("Name").value(name).build()));
            }
        }).instances().get(0);
    }

    private static int sizeOf(String device) {
        return switch (device) {
            case "/dev/sda1" -> 8;
            case "/dev/sdf" -> 10;
            default -> 12;
        };
    }

    private static BlockDeviceMapping mapping(String device, int sizeGiB) {
        return BlockDeviceMapping.builder().deviceName(device).ebs(e -> e.volumeSize(sizeGiB)).build();
    }

    private static Map<String, String> volumesByDevice(String instanceId) {
        Instance instance = ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
        return InstanceResources.ebsVolumes(instance);
    }

    private static TargetSpec target(Instance instance, Map<String, String> options) {
        return spec(instance.instanceId(), options);
    }

    private static TargetSpec spec(String instanceId, Map<String, String> options) {
        return new TargetSpec("ec2-instance", REGION, instanceId, options);
    }

    private static BackupRequest request(String backupId) {
        return new BackupRequest(backupId, "weekly", "Haven policy weekly, run " + backupId,
                Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "weekly"));
    }

    private static Snapshot snapshot(String id) {
        return ec2.describeSnapshots(b -> b.snapshotIds(id)).snapshots().get(0);
    }

    private static List<String> snapshotVolumes(String backupId) {
        return ec2.describeSnapshots(b -> b.filters(f -> f.name("tag:" + HavenTags.BACKUP_ID).values(backupId)))
                .snapshots().stream().map(Snapshot::volumeId).toList();
    }

    private static Map<String, String> tags(Snapshot snapshot) {
        return snapshot.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
