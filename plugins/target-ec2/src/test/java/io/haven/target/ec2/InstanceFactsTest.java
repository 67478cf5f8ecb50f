package io.haven.target.ec2;

import static io.haven.target.ec2.Ec2TestBed.LINUX_AMI;
import static io.haven.target.ec2.Ec2TestBed.ZONE;
import static io.haven.target.ec2.Ec2TestBed.request;
import static io.haven.target.ec2.Ec2TestBed.tags;
import static io.haven.target.ec2.Ec2TestBed.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.Artifact;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/** The facts every artifact records for recovery, and the tag limits, through the plugin against moto. */
@ExtendWith(MotoExtension.class)
class InstanceFactsTest {

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
    void everyArtifactRecordsTheInstanceAndItsOriginalImage() {
        String vpc = bed.ec2.createVpc(b -> b.cidrBlock("10.20.0.0/16")).vpc().vpcId();
        String subnet = bed.ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.20.1.0/24").availabilityZone(ZONE))
                .subnet().subnetId();
        String group = bed.ec2.createSecurityGroup(b -> b.groupName("web").description("web").vpcId(vpc)).groupId();
        bed.ec2.createKeyPair(b -> b.keyName("ops"));
        Instance instance = bed.launch(LINUX_AMI, "shop", b -> b.subnetId(subnet).securityGroupIds(group)
                .keyName("ops").privateIpAddress("10.20.1.15").ebsOptimized(true).monitoring(m -> m.enabled(true))
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(
                        Tag.builder().key("Name").value("shop").build(), Tag.builder().key("env").value("prod").build())));

        List<Artifact> artifacts = new ArrayList<>(type.startBackup(bed.ctx, target(instance, Map.of()), request("run-facts")));
        artifacts.addAll(type.startBackup(bed.ctx, target(instance, Map.of("backupMode", "ami")), request("run-facts")));

        assertThat(artifacts).hasSize(4).allSatisfy(artifact -> assertThat(artifact.details())
                .containsEntry("instanceId", instance.instanceId())
                .containsEntry("instance.type", "t3.micro")
                .containsEntry("instance.architecture", "x86_64")
                .containsEntry("instance.platform", "linux")
                .containsEntry("instance.zone", ZONE)
                .containsEntry("instance.subnetId", subnet)
                .containsEntry("instance.vpcId", vpc)
                .containsEntry("instance.privateIp", "10.20.1.15")
                .containsEntry("instance.keyName", "ops")
                .containsEntry("instance.securityGroups", group)
                .containsEntry("instance.ebsOptimized", "true")
                .containsEntry("instance.monitoring", "enabled")
                .containsEntry("instance.tenancy", "default")
                .containsEntry("instance.rootDevice", "/dev/xvda")
                .containsEntry("instance.imageId", LINUX_AMI)
                .containsEntry("instance.tag.Name", "shop")
                .containsEntry("instance.tag.env", "prod")
                .containsEntry("image.id", LINUX_AMI)
                .containsEntry("image.region", bed.ctx.region())
                .containsEntry("image.name", "amzn-ami-hvm-2017.09.1.20171103-x86_64-gp2")
                .containsEntry("image.description", "Amazon Linux AMI 2017.09.1.20171103 x86_64 HVM GP2")
                .containsEntry("image.architecture", "x86_64")
                .containsEntry("image.platform", "linux")
                .containsEntry("image.virtualizationType", "hvm")
                .containsEntry("image.rootDeviceType", "ebs")
                .containsEntry("image.rootDeviceName", "/dev/xvda")
                .containsEntry("image.ownerId", "137112412989"));
        // everything fits into the tags here, so a crash loses nothing
        assertThat(type.findByBackupId(bed.ctx, "run-facts")).containsExactlyInAnyOrderElementsOf(artifacts);
    }

    @Test
    void anOriginalImageThatIsGoneIsLeftOut() {
        Instance instance = bed.launch("ami-12345678", "orphan");

        List<Artifact> artifacts = type.startBackup(bed.ctx, target(instance, Map.of()), request("run-orphan"));

        assertThat(artifacts).allSatisfy(artifact -> assertThat(artifact.details())
                .containsEntry("instance.imageId", "ami-12345678")
                .doesNotContainKeys("image.id", "image.name"));
    }

    @Test
    void aMuchTaggedInstanceStillBacksUpWithinTheTagLimit() {
        List<Tag> many = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            many.add(Tag.builder().key("team-" + i).value(("value-" + i + "-").repeat(40)).build());
        }
        Instance instance = bed.launch(LINUX_AMI, "crowded", b -> b.tagSpecifications(t -> t
                .resourceType(ResourceType.INSTANCE).tags(many)));

        RecordingLog log = new RecordingLog();
        List<Artifact> snapshots = type.startBackup(bed.ctx, target(instance,
                Map.of("backupMode", "snapshots-and-initial-ami")), request("run-crowded", log));
        Artifact image = type.startBackup(bed.ctx, target(instance, Map.of("backupMode", "ami")), request("run-crowded"))
                .get(0);

        // values are cut to 256 characters, and past about 12 KB the last (least important) details are left out
        assertThat(snapshots).hasSize(3).allSatisfy(artifact -> {
            assertThat(artifact.details()).containsKeys("initialAmiId", "instance.type", "instance.tag.team-0")
                    .doesNotContainKey("instance.tag.team-44");
            assertThat(artifact.detail("instance.tag.team-0")).hasSize(DetailLimits.MAX_VALUE);
            assertThat(bed.snapshot(artifact.id()).tags()).hasSizeLessThanOrEqualTo(50);
        });
        // the new initial AMI's id, known only after the snapshots, no longer fits on them: the run's log says so
        assertThat(log.warnings).anySatisfy(line -> assertThat(line).contains("could not be tagged with their new"
                + " initial AMI " + snapshots.get(0).detail("initialAmiId")).contains("initialAmiId"));
        assertThat(image.details()).containsKeys("instanceId", "instance.tag.team-0").doesNotContainKey("instance.tag.team-44");
        assertThat(image.details().entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum())
                .isLessThanOrEqualTo(DetailLimits.MAX_TOTAL + 200);
        Image described = bed.image(image.id()).orElseThrow();
        assertThat(described.tags()).hasSizeLessThanOrEqualTo(50);
        assertThat(tags(described.tags())).containsKeys("haven:detail:instanceId", "haven:detail:instance.type");
        // after a crash, the leading details come back from the tags
        List<Artifact> found = type.findByBackupId(bed.ctx, "run-crowded");
        assertThat(found).hasSize(4).allSatisfy(artifact -> assertThat(artifact.details())
                .containsEntry("instanceId", instance.instanceId())
                .containsEntry("instance.type", "t3.micro"));
        Optional<Artifact> foundImage = found.stream().filter(a -> a.kind().equals("ami")).findFirst();
        assertThat(foundImage).hasValueSatisfying(a -> assertThat(a.resourceId()).isEqualTo(instance.instanceId()));
    }

    @Test
    void theInstancesAndVolumesTagsGoAfterWhatRecoveryNeedsAndWhatIsLeftOffIsLogged() {
        // the reported case: 45 instance tags and 10 volume tags, 16 and 10 of which were cut without a word
        List<Tag> many = new ArrayList<>();
        for (int i = 10; i < 55; i++) {
            many.add(Tag.builder().key(i == 10 ? "Name" : "team-" + i).value("v" + i).build());
        }
        Instance instance = bed.launch(LINUX_AMI, "crowded", b -> b.tagSpecifications(t -> t
                .resourceType(ResourceType.INSTANCE).tags(many)));
        String data = instance.blockDeviceMappings().stream().filter(m -> m.deviceName().equals("/dev/sdf"))
                .findFirst().orElseThrow().ebs().volumeId();
        List<Tag> volumeTags = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            volumeTags.add(Tag.builder().key(i == 0 ? "Name" : "disk-" + i).value("d" + i).build());
        }
        bed.ec2.createTags(b -> b.resources(data).tags(volumeTags));
        RecordingLog log = new RecordingLog();

        List<Artifact> snapshots = type.startBackup(bed.ctx, target(instance, Map.of()), request("run-tags", log));
        Artifact image = type.startBackup(bed.ctx, target(instance, Map.of("backupMode", "ami")),
                request("run-tags-ami", log)).get(0);

        Artifact dataSnapshot = snapshots.stream().filter(a -> "/dev/sdf".equals(a.detail("device"))).findFirst()
                .orElseThrow();
        Map<String, String> tags = tags(bed.snapshot(dataSnapshot.id()).tags());
        // the instance's snapshots are made together and share their tags: the devices, then the instance's details
        assertThat(tags).hasSize(50)
                .containsKeys("haven:backup-id", "haven:policy", "haven:target-type", "Name",
                        "haven:detail:instanceId", "haven:detail:devices",
                        "haven:detail:instance.type", "haven:detail:instance.subnetId", "haven:detail:instance.rootDevice",
                        "haven:detail:instance.tag.Name", "haven:detail:instance.tag.team-11")
                .doesNotContainKeys("haven:detail:image.description", "haven:detail:instance.tag.team-54",
                        "haven:detail:volume.type");
        assertThat(tags.get("haven:detail:devices")).contains("/dev/sdf=" + data);
        assertThat(dataSnapshot.details()).containsEntry("instance.tag.team-54", "v54").containsEntry("image.id", LINUX_AMI)
                .containsEntry("volume.tag.disk-9", "d9").containsEntry("device", "/dev/sdf");
        assertThat(bed.image(image.id()).orElseThrow().tags()).hasSize(50);
        // one line per call, naming what it made, its resource and every detail left off
        assertThat(log.warnings).hasSize(2);
        assertThat(log.warnings).filteredOn(line -> line.startsWith("The EBS snapshots of EC2 instance "
                + instance.instanceId() + ": ")).singleElement().satisfies(line -> assertThat(line)
                .contains("instance.tag.team-54").contains("image.description").doesNotContain("volume.tag."));
        assertThat(log.warnings).filteredOn(line -> line.startsWith("AMI " + image.id() + " of instance "
                + instance.instanceId() + ": ")).singleElement().satisfies(line -> assertThat(line)
                .contains("instance.tag.team-54").doesNotContain("instance.tag.Name,"));
    }

    @Test
    void recordsTerminationProtectionShutdownBehaviourAndHypervisor() {
        Instance instance = bed.launch(LINUX_AMI, "guarded", b -> b.instanceInitiatedShutdownBehavior("terminate"));
        // moto drops DisableApiTermination from RunInstances; ModifyInstanceAttribute it keeps
        bed.ec2.modifyInstanceAttribute(b -> b.instanceId(instance.instanceId()).disableApiTermination(v -> v.value(true)));

        List<Artifact> artifacts = type.startBackup(bed.ctx, target(instance, Map.of()), request("run-guarded"));

        assertThat(artifacts).allSatisfy(artifact -> assertThat(artifact.details())
                .containsEntry("instance.disableApiTermination", "true")
                .containsEntry("instance.shutdownBehaviour", "terminate")
                .containsEntry("instance.hypervisor", instance.hypervisorAsString())
                .containsEntry("instance.virtualizationType", instance.virtualizationTypeAsString()));
        assertThat(bed.proxy.calls("DescribeInstanceAttribute")).extracting(call -> call.get("Attribute"))
                .containsExactlyInAnyOrder("disableApiTermination", "instanceInitiatedShutdownBehavior");
    }

    @Test
    void aRefusedAttributeReadIsLoggedAndTheBackupGoesOn() {
        Instance instance = bed.launch(LINUX_AMI, "unreadable");
        bed.proxy.failNext("DescribeInstanceAttribute", "UnauthorizedOperation", 1);
        RecordingLog log = new RecordingLog();

        List<Artifact> artifacts = type.startBackup(bed.ctx, target(instance, Map.of()), request("run-unreadable", log));

        assertThat(artifacts).hasSize(3).allSatisfy(artifact -> assertThat(artifact.details())
                .doesNotContainKeys("instance.disableApiTermination", "instance.shutdownBehaviour"));
        assertThat(log.warnings).singleElement().asString()
                .contains(instance.instanceId()).contains("UnauthorizedOperation");
    }

    @Test
    void theImagesInstanceStoreMappingsAreRecordedAsDeviceAndVirtualName() {
        Image image = Image.builder().imageId("ami-1").blockDeviceMappings(
                BlockDeviceMapping.builder().deviceName("/dev/xvda").ebs(e -> e.snapshotId("snap-1")).build(),
                BlockDeviceMapping.builder().deviceName("/dev/sdb").virtualName("ephemeral0").build(),
                BlockDeviceMapping.builder().deviceName("/dev/sdc").virtualName("ephemeral1").build()).build();

        assertThat(InstanceFacts.of(Instance.builder().instanceId("i-1").build(), Optional.of(image)))
                .containsEntry("instance.ephemeral", "/dev/sdb:ephemeral0,/dev/sdc:ephemeral1");
        assertThat(InstanceFacts.of(Instance.builder().instanceId("i-1").build(),
                Optional.of(image.toBuilder().blockDeviceMappings(List.of()).build())))
                .doesNotContainKey("instance.ephemeral");
    }
}
