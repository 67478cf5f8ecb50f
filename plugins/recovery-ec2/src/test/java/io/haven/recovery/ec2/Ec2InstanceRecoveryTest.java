package io.haven.recovery.ec2;

import static io.haven.recovery.ec2.EbsVolumeRecoveryTest.defaults;
import static io.haven.recovery.ec2.EbsVolumeRecoveryTest.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveryOption;
import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryState;
import io.haven.api.recovery.TargetRecovery;
import io.haven.api.target.Artifact;
import io.haven.api.target.HavenTags;
import io.haven.aws.ec2.EbsSnapshots;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import io.haven.testing.recovery.RecordingProgress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.CopySnapshotRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.OperationType;
import software.amazon.awssdk.services.ec2.model.RegisterImageRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotAttributeName;
import software.amazon.awssdk.services.ec2.model.StopInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * Instance recovery (guide 9.2) from backups recorded with the EC2 plugin's detail keys, checked
 * through the SDK. moto ignores RegisterImage's block devices and launches MinCount instances: those
 * parts are asserted on the requests Haven sent.
 */
@ExtendWith(MotoExtension.class)
class Ec2InstanceRecoveryTest {

    private static final String REGION = "eu-west-1";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static MotoContext ctx;
    private static Ec2Client ec2;
    private static String endpoint;
    private final TargetRecovery recovery = new Ec2InstanceRecovery();

    /** A backed-up instance in subnet 10.0.1.0/24 (eu-west-1b) at 10.0.1.10, with a root and a data volume. */
    private record Original(String instanceId, String vpcId, String subnetId, String otherSubnetId, String groupId,
                            String keyName, String imageId, String rootVolume, String dataVolume, List<Artifact> artifacts) {

        String snapshotOf(String device) {
            return artifacts.stream().filter(a -> device.equals(a.details().get("device"))).findFirst().orElseThrow().id();
        }
    }

    @BeforeAll
    static void setUp(MotoServer moto) {
        endpoint = moto.endpoint();
        ctx = new MotoContext(endpoint, REGION);
        ec2 = ctx.ec2();
    }

    /**
     * Each test makes its own VPC, instances and AMIs, and several list every instance, AMI and volume of the
     * account to see that nothing was created: with a whole class's resources in moto those lists took most of
     * the class's time (about a second a call), so each test starts from an empty moto.
     */
    @BeforeEach
    void emptyMoto(MotoServer moto) {
        moto.reset();
    }

    @AfterAll
    static void tearDown() {
        ctx.close();
    }

    @Test
    void offersTheInstanceAndEachOfItsVolumesWithTheOriginalsSettings() {
        Original original = original(Map.of());

        List<Recoverable> recoverables = recovery.recoverables(original.artifacts());

        assertThat(recovery.typeId()).isEqualTo("ec2-instance");
        assertThat(recoverables).extracting(Recoverable::kind).containsExactly("instance", "volume", "volume");
        assertThat(recoverables).extracting(Recoverable::key)
                .containsExactly(original.instanceId(), original.rootVolume(), original.dataVolume());
        Recoverable instance = recoverables.get(0);
        assertThat(instance.label()).isEqualTo("web-1 (" + original.instanceId() + "), 2 volumes");
        assertThat(instance.artifacts()).hasSize(2);
        assertThat(options(instance).get("launchFrom").allowed()).containsExactly("snapshot", "image");
        assertThat(defaults(instance)).containsEntry("launchFrom", "snapshot").containsEntry("imageId", original.imageId())
                .containsEntry("amiHandling", "deregister").containsEntry("count", "1")
                .containsEntry("instanceType", "t3.small").containsEntry("zone", "eu-west-1b")
                .containsEntry("subnetId", original.subnetId()).containsEntry("privateIp", "10.0.1.10")
                .containsEntry("keyName", original.keyName()).containsEntry("securityGroups", original.groupId())
                .containsEntry("architecture", "x86_64").containsEntry("tenancy", "default")
                .containsEntry("preserveTags", "true").containsEntry("shutdownBehaviour", "stop")
                .containsEntry("volume./dev/sdf.recover", "true").containsEntry("volume./dev/sdf.sizeGiB", "20")
                .containsEntry("volume./dev/sdf.volumeType", "gp3").containsEntry("volume./dev/sdf.iops", "3000")
                .containsEntry("volume./dev/sdf.device", "/dev/sdf")
                .containsEntry("volume./dev/sdf.deleteOnTermination", "false")
                .containsEntry("volume./dev/sda1.deleteOnTermination", "true")
                .doesNotContainKeys("volume./dev/sda1.recover", "volume./dev/sda1.device");
        assertThat(recoverables.get(2).label()).contains("web-1-data").contains("/dev/sdf of " + original.instanceId());
        // The AMI assistant fills the AMI field, and the kernel and RAM disk fields from the image chosen (guide
        // 10.5); no other option of the instance or its volumes
        assertThat(options(instance).get("imageId").lookup()).isEqualTo(RecoveryOption.IMAGES);
        assertThat(options(instance).get("imageId").regionBound()).isTrue();
        assertThat(options(instance).get("kernelId").lookup()).isEqualTo("images.kernelId");
        assertThat(options(instance).get("ramdiskId").lookup()).isEqualTo("images.ramdiskId");
        assertThat(recoverables).flatExtracting(Recoverable::options).filteredOn(o -> o.lookup() != null)
                .extracting(RecoveryOption::name).containsExactly("imageId", "kernelId", "ramdiskId");
    }

    @Test
    void launchesFromAnAmiRegisteredFromTheBackupWithTheChosenSettingsThenDeregistersIt() {
        Original original = original(Map.of());
        Recoverable recoverable = recovery.recoverables(original.artifacts()).get(0);
        RecordingProgress progress = new RecordingProgress();
        ctx.forget();

        recovery.start(ctx, recoverable, Map.of("instanceType", "m5.large", "subnetId", original.otherSubnetId(),
                "privateIp", "10.0.2.20", "userData", "echo hello", "volume./dev/sdf.sizeGiB", "40"), progress);

        RegisterImageRequest registered = ctx.sent(RegisterImageRequest.class).get(0);
        assertThat(registered.rootDeviceName()).isEqualTo("/dev/sda1");
        assertThat(registered.architectureAsString()).isEqualTo("x86_64");
        assertThat(registered.blockDeviceMappings()).extracting(BlockDeviceMapping::deviceName)
                .containsExactly("/dev/sda1", "/dev/sdf");
        assertThat(registered.blockDeviceMappings().get(0).ebs().snapshotId()).isEqualTo(original.snapshotOf("/dev/sda1"));
        assertThat(registered.blockDeviceMappings().get(0).ebs().deleteOnTermination()).isTrue();
        assertThat(registered.blockDeviceMappings().get(1).ebs()).satisfies(ebs -> {
            assertThat(ebs.snapshotId()).isEqualTo(original.snapshotOf("/dev/sdf"));
            assertThat(ebs.volumeSize()).isEqualTo(40);
            assertThat(ebs.volumeTypeAsString()).isEqualTo("gp3");
            assertThat(ebs.iops()).isEqualTo(3000);
            assertThat(ebs.deleteOnTermination()).isFalse();
        });
        RecoveredResource ami = progress.created("ami").get(0);
        Instance launched = describe(progress.created("instance").get(0).id());
        assertThat(launched.imageId()).isEqualTo(ami.id());
        assertThat(launched.instanceTypeAsString()).isEqualTo("m5.large");
        assertThat(launched.subnetId()).isEqualTo(original.otherSubnetId());
        assertThat(launched.privateIpAddress()).isEqualTo("10.0.2.20");
        assertThat(launched.placement().availabilityZone()).isEqualTo("eu-west-1c");
        assertThat(launched.keyName()).isEqualTo(original.keyName());
        assertThat(launched.securityGroups()).extracting(GroupIdentifier::groupId).containsExactly(original.groupId());
        assertThat(tags(launched.tags())).isEqualTo(Map.of("Name", "web-1", "team", "shop"));
        assertThat(ctx.sent(RunInstancesRequest.class).get(0).userData())
                .isEqualTo(Base64.getEncoder().encodeToString("echo hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(images(ami.id())).isEmpty();
        assertThat(progress.removed).singleElement().satisfies(removed -> assertThat(removed.id()).isEqualTo(ami.id()));
        assertThat(progress.events).containsExactly("created:ami", "created:instance", "removed:ami", "created:volume");
        // the root volume gets the original root volume's tags once the instance shows it
        Volume root = volume(progress.created("volume").get(0).id());
        assertThat(root.attachments().get(0).instanceId()).isEqualTo(launched.instanceId());
        assertThat(tags(root.tags())).containsEntry("Name", "web-1-root");
        assertThat(progress.log).anyMatch(line -> line.equals("1 of 1 requested instances started: " + launched.instanceId()));
    }

    /**
     * Decision 52: in another account, to which core shared the backup's snapshots, the AMI is registered from that
     * account's own copies of them (AWS registers images only from owned snapshots); the copies go with the
     * temporary AMI. The originals stay untouched in their account.
     */
    @Test
    void inAnotherAccountRegistersFromItsOwnCopiesOfTheSharedSnapshotsAndDeletesThemWithTheTemporaryAmi() {
        Original original = original(Map.of());
        String other = "210987654321";
        List<String> originals = original.artifacts().stream().map(Artifact::id).toList();
        originals.forEach(id -> ec2.modifySnapshotAttribute(b -> b.snapshotId(id)
                .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION).operationType(OperationType.ADD).userIds(other)));
        Recoverable shared = recovery.recoverables(original.artifacts()).get(0);
        // as core hands it over for another account: the origin's network defaults blanked
        Recoverable recoverable = new Recoverable(shared.kind(), shared.key(), shared.typeId(), shared.resourceId(),
                shared.region(), shared.label(), shared.options().stream()
                .map(o -> o.regionBound() ? o.withoutDefault() : o).toList(), shared.notes(), shared.artifacts());
        RecordingProgress progress = new RecordingProgress();

        try (MotoContext there = new MotoContext(endpoint, REGION, other)) {
            recovery.start(there, recoverable, Map.of("zone", "eu-west-1a"), progress);

            assertThat(ownerLookups(there)).as("the owner recorded is another account's: AWS is asked").isEqualTo(1);
            List<CopySnapshotRequest> copies = there.sent(CopySnapshotRequest.class);
            assertThat(copies).extracting(CopySnapshotRequest::sourceSnapshotId).containsExactlyElementsOf(originals);
            assertThat(copies).allSatisfy(copy -> {
                assertThat(copy.sourceRegion()).isEqualTo(REGION);
                assertThat(copy.tagSpecifications().get(0).tags()).contains(
                        tag("haven:copy-of", copy.sourceSnapshotId()), tag("haven:recovery-of", original.instanceId()),
                        tag("haven:recovery", progress.clientToken("resources")));
            });
            assertThat(there.sent(RegisterImageRequest.class).get(0).tagSpecifications().get(0).tags())
                    .as("found by it after a lost answer (decision 0059)")
                    .contains(tag("haven:recovery", progress.clientToken("resources")));
            List<String> copyIds = progress.created(OwnCopies.KIND).stream().map(RecoveredResource::id).toList();
            assertThat(copyIds).hasSize(2).doesNotContainAnyElementsOf(originals);
            assertThat(there.sent(RegisterImageRequest.class).get(0).blockDeviceMappings())
                    .extracting(m -> m.ebs().snapshotId()).containsExactlyElementsOf(copyIds);
            String ami = progress.created("ami").get(0).id();
            Instance launched = there.ec2().describeInstances(b -> b.instanceIds(progress.created("instance").get(0).id()))
                    .reservations().get(0).instances().get(0);
            assertThat(launched.imageId()).isEqualTo(ami);
            assertThat(progress.events).containsSubsequence("created:snapshot", "created:snapshot", "created:ami",
                    "created:instance", "removed:ami", "removed:snapshot", "removed:snapshot");
            assertThat(there.ec2().describeSnapshots(b -> b.filters(Filter.builder().name("owner-id").values(other)
                    .build())).snapshots()).extracting(Snapshot::snapshotId).doesNotContainAnyElementsOf(copyIds);
            assertThat(progress.log).anyMatch(line -> line.startsWith("Snapshot " + originals.get(0)
                    + " belongs to another account, which shared it") && line.endsWith(copyIds.get(0)));
        }
        assertThat(ec2.describeSnapshots(b -> b.snapshotIds(originals)).snapshots()).hasSize(2);
    }

    /**
     * Decision 0054: a start into another account that Haven's stop cut short while it waited for its copies goes on
     * from the recorded copies: nothing is copied again, the AMI is registered from them, the instance launched, and
     * the temporary AMI and copies removed.
     */
    @Test
    void aResumedStartGoesOnFromTheRecordedCopiesWithoutCopyingAgain() {
        Original original = original(Map.of());
        String other = "210987654323";
        Recoverable recoverable = sharedWith(original, other);
        try (MotoContext there = new MotoContext(endpoint, REGION, other)) {
            List<RecoveredResource> recorded = copiesIn(there, original);
            List<String> copyIds = recorded.stream().map(RecoveredResource::id).toList();
            there.forget();
            RecordingProgress progress = new RecordingProgress();

            recovery.resume(there, recoverable, Map.of("zone", "eu-west-1a"), recorded, progress);

            assertThat(there.sent(CopySnapshotRequest.class)).as("no second copy").isEmpty();
            assertThat(there.sent(RegisterImageRequest.class)).singleElement().satisfies(registered ->
                    assertThat(registered.blockDeviceMappings()).extracting(m -> m.ebs().snapshotId())
                            .containsExactlyElementsOf(copyIds));
            String ami = progress.created("ami").get(0).id();
            assertThat(describeIn(there, progress.created("instance").get(0).id()).imageId()).isEqualTo(ami);
            assertThat(progress.events).containsSubsequence("created:ami", "created:instance", "removed:ami",
                    "removed:snapshot", "removed:snapshot");
            assertThat(progress.created(OwnCopies.KIND)).isEmpty();
            assertThat(ownSnapshots(there, other)).doesNotContainAnyElementsOf(copyIds);
            assertThat(progress.log).contains("Going on with snapshot copy " + copyIds.get(0) + " of "
                    + original.snapshotOf("/dev/sda1") + ", made before Haven stopped");
        }
    }

    /** Decision 0054: cut short while it waited for its AMI, the start launches from that AMI: none is registered. */
    @Test
    void aResumedStartLaunchesFromTheRecordedAmiWithoutRegisteringAnother() {
        Original original = original(Map.of());
        String other = "210987654324";
        Recoverable recoverable = sharedWith(original, other);
        try (MotoContext there = new MotoContext(endpoint, REGION, other)) {
            List<RecoveredResource> recorded = new ArrayList<>(copiesIn(there, original));
            String ami = registeredFromFirstCopy(there, recorded);
            there.forget();
            RecordingProgress progress = new RecordingProgress();

            recovery.resume(there, recoverable, Map.of("zone", "eu-west-1a"), recorded, progress);

            assertThat(there.sent(CopySnapshotRequest.class)).isEmpty();
            assertThat(there.sent(RegisterImageRequest.class)).as("no second AMI").isEmpty();
            assertThat(progress.created("ami")).isEmpty();
            assertThat(describeIn(there, progress.created("instance").get(0).id()).imageId()).isEqualTo(ami);
            // the AMI goes first (its snapshots hold it), then the copies
            assertThat(progress.removed).extracting(RecoveredResource::id).first().isEqualTo(ami);
            assertThat(progress.removed).extracting(RecoveredResource::id).containsExactlyInAnyOrder(ami,
                    recorded.get(0).id(), recorded.get(1).id());
            assertThat(there.ec2().describeImages(b -> b.owners("self")).images()).extracting(Image::imageId)
                    .doesNotContain(ami);
            assertThat(ownSnapshots(there, other)).doesNotContain(recorded.get(0).id(), recorded.get(1).id());
        }
    }

    /**
     * Cut short after AWS answered the launch and before the instances were recorded: the resumed start launches with
     * the recovery's own client token, so AWS answers with the first launch's instances and none is launched twice.
     */
    @Test
    void aStartCutShortAfterItsLaunchLaunchesNothingMoreWhenResumed() {
        Original original = original(Map.of());
        String other = "210987654325";
        Recoverable recoverable = sharedWith(original, other);
        try (MotoContext there = new MotoContext(endpoint, REGION, other)) {
            List<RecoveredResource> recorded = new ArrayList<>(copiesIn(there, original));
            String ami = registeredFromFirstCopy(there, recorded);
            RecordingProgress cutShort = new RecordingProgress();
            // The launch of the start that Haven's stop cut short: AWS made the instance, its answer was lost.
            String lost = there.ec2().runInstances(b -> b.imageId(ami).minCount(1).maxCount(1)
                    .clientToken(cutShort.clientToken(InstanceRecovery.LAUNCH_STEP))).instances().get(0).instanceId();
            there.forget();
            RecordingProgress progress = cutShort.resumedWith();

            recovery.resume(there, recoverable, Map.of("zone", "eu-west-1a"), recorded, progress);

            assertThat(there.sent(RunInstancesRequest.class)).as("the launch is asked for again, with the same token")
                    .singleElement().extracting(RunInstancesRequest::clientToken)
                    .isEqualTo(cutShort.clientToken(InstanceRecovery.LAUNCH_STEP));
            assertThat(progress.created("instance")).extracting(RecoveredResource::id).containsExactly(lost);
            assertThat(there.ec2().describeInstances(b -> b.filters(f -> f.name("image-id").values(ami)))
                    .reservations().stream().flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList())
                    .as("one instance from the AMI in all").containsExactly(lost);
            assertThat(progress.removed).extracting(RecoveredResource::id).containsExactlyInAnyOrder(ami,
                    recorded.get(0).id(), recorded.get(1).id());
        }
    }

    /**
     * Decision 0059: cut short after AWS answered CopySnapshot and RegisterImage and before either was recorded, the
     * resumed start finds the copies and the AMI by the recovery's tag and goes on with them: nothing is copied or
     * registered again, and nothing of the first start is left behind.
     */
    @Test
    void aResumedStartFindsTheCopiesAndAmiWhoseAnswersWereLost() {
        Original original = original(Map.of());
        String other = "210987654326";
        Recoverable recoverable = sharedWith(original, other);
        try (MotoContext there = new MotoContext(endpoint, REGION, other)) {
            RecordingProgress cutShort = new RecordingProgress();
            List<RecoveredResource> made = new ArrayList<>(copiesIn(there, original));
            String ami = registeredFromFirstCopy(there, made);
            // What the cut-short start's calls tagged at creation, and what a copy made by someone else lacks.
            there.ec2().createTags(b -> b.resources(made.stream().map(RecoveredResource::id).toList())
                    .tags(Tag.builder().key(LostAnswers.RECOVERY_TAG).value(LostAnswers.tagValue(cutShort)).build()));
            for (RecoveredResource copy : made.subList(0, 2)) {
                there.ec2().createTags(b -> b.resources(copy.id()).tags(Tag.builder().key(HavenTags.COPY_OF)
                        .value(copy.details().get(OwnCopies.COPY_OF)).build()));
            }
            String unrelated = there.ec2().copySnapshot(b -> b.sourceSnapshotId(made.get(0).details().get("copyOf"))
                    .sourceRegion(REGION)).snapshotId();
            there.forget();
            RecordingProgress progress = cutShort.resumedWith();

            recovery.resume(there, recoverable, Map.of("zone", "eu-west-1a"), List.of(), progress);

            assertThat(there.sent(CopySnapshotRequest.class)).as("no copy made again").isEmpty();
            assertThat(there.sent(RegisterImageRequest.class)).as("no second AMI").isEmpty();
            assertThat(progress.created).extracting(RecoveredResource::id).startsWith(made.get(0).id(),
                    made.get(1).id(), ami);
            assertThat(describeIn(there, progress.created("instance").get(0).id()).imageId()).isEqualTo(ami);
            assertThat(progress.removed).extracting(RecoveredResource::id).containsExactlyInAnyOrder(ami,
                    made.get(0).id(), made.get(1).id());
            assertThat(ownSnapshots(there, other)).as("the first start's copies are gone, another copy stays")
                    .doesNotContain(made.get(0).id(), made.get(1).id()).contains(unrelated);
            assertThat(progress.log).anyMatch(line -> line.startsWith("Found ami " + ami
                    + ", made before Haven stopped"));
        }
    }

    /** The AMI a cut-short start registered from its copies, added to what it recorded. */
    private static String registeredFromFirstCopy(MotoContext there, List<RecoveredResource> recorded) {
        String ami = there.ec2().registerImage(b -> b.name("haven-recovery-resumed-" + SEQUENCE.incrementAndGet())
                .rootDeviceName("/dev/sda1").architecture("x86_64").virtualizationType("hvm")
                .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/sda1")
                        .ebs(e -> e.snapshotId(recorded.get(0).id())).build())).imageId();
        recorded.add(new RecoveredResource("ami", ami, REGION, Map.of("amiHandling", "deregister")));
        return ami;
    }

    /** Decision 0054: a recorded copy that is gone ends the resumption, and the other copy is deleted with it. */
    @Test
    void aResumedStartWhoseCopyIsGoneDeletesTheOtherCopiesAndLaunchesNothing() {
        Original original = original(Map.of());
        String other = "210987654325";
        Recoverable recoverable = sharedWith(original, other);
        try (MotoContext there = new MotoContext(endpoint, REGION, other)) {
            List<RecoveredResource> recorded = copiesIn(there, original);
            there.ec2().deleteSnapshot(b -> b.snapshotId(recorded.get(1).id()));
            there.forget();
            RecordingProgress progress = new RecordingProgress();

            assertThatThrownBy(() -> recovery.resume(there, recoverable, Map.of("zone", "eu-west-1a"), recorded,
                    progress)).hasMessageContaining(recorded.get(1).id());

            assertThat(there.sent(CopySnapshotRequest.class)).isEmpty();
            assertThat(there.sent(RegisterImageRequest.class)).isEmpty();
            assertThat(there.sent(RunInstancesRequest.class)).isEmpty();
            assertThat(progress.removed).extracting(RecoveredResource::id)
                    .containsExactlyInAnyOrder(recorded.get(0).id(), recorded.get(1).id());
            assertThat(ownSnapshots(there, other)).doesNotContain(recorded.get(0).id());
            assertThat(progress.log).anyMatch(line -> line.startsWith("The snapshot copies cannot be used")
                    && line.endsWith("the recovery cannot go on"));
        }
    }

    /**
     * Decision 0054, in the backup's own account: cut short while it waited for its AMI, the start launches from it;
     * cut short after the launch, it launches nothing again, deregisters the temporary AMI and copies the volumes' tags
     * again.
     */
    @Test
    void inItsOwnAccountAResumedStartLaunchesFromTheRecordedAmiAndAfterTheLaunchDeregistersItAndCopiesTagsAgain() {
        Original original = original(Map.of());
        Recoverable recoverable = recovery.recoverables(original.artifacts()).get(0);
        String ami = ec2.registerImage(b -> b.name("haven-recovery-own-" + SEQUENCE.incrementAndGet())
                .rootDeviceName("/dev/sda1").architecture("x86_64").virtualizationType("hvm")
                .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/sda1")
                        .ebs(e -> e.snapshotId(original.snapshotOf("/dev/sda1"))).build())).imageId();
        List<RecoveredResource> recorded = List.of(new RecoveredResource("ami", ami, REGION, Map.of()));
        ctx.forget();
        RecordingProgress progress = new RecordingProgress();

        recovery.resume(ctx, recoverable, Map.of("privateIp", ""), recorded, progress);

        assertThat(ctx.sent(RegisterImageRequest.class)).isEmpty();
        assertThat(ctx.sent(CopySnapshotRequest.class)).isEmpty();
        assertThat(describe(progress.created("instance").get(0).id()).imageId()).isEqualTo(ami);
        assertThat(images(ami)).isEmpty();

        String again = ec2.registerImage(b -> b.name("haven-recovery-own-" + SEQUENCE.incrementAndGet())
                .rootDeviceName("/dev/sda1").architecture("x86_64").virtualizationType("hvm")
                .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/sda1")
                        .ebs(e -> e.snapshotId(original.snapshotOf("/dev/sda1"))).build())).imageId();
        // stopped before the volumes' tags were copied: the root volume, as launched, without them
        String launchedRoot = describe(progress.created("instance").get(0).id()).blockDeviceMappings().stream()
                .filter(m -> m.deviceName().equals("/dev/sda1")).findFirst().orElseThrow().ebs().volumeId();
        ec2.deleteTags(b -> b.resources(launchedRoot).tags(Tag.builder().key("Name").build()));
        ctx.forget();
        RecordingProgress after = new RecordingProgress();

        recovery.resume(ctx, recoverable, Map.of("privateIp", ""), List.of(new RecoveredResource("ami", again, REGION,
                Map.of()), progress.created("instance").get(0)), after);

        assertThat(ctx.sent(RunInstancesRequest.class)).as("launched once").isEmpty();
        assertThat(after.removed).extracting(RecoveredResource::id).containsExactly(again);
        assertThat(images(again)).isEmpty();
        assertThat(after.log).anyMatch(line -> line.endsWith("were launched before Haven stopped; they are not launched"
                + " again"));
        assertThat(tags(volume(launchedRoot).tags())).as("the tags copied again").containsEntry("Name", "web-1-root");
        assertThat(after.created("volume")).extracting(RecoveredResource::id).containsExactly(launchedRoot);
        assertThat(after.log).noneMatch(line -> line.startsWith("Not done after the restart"));
    }

    /** The backup's snapshots shared with another account, and the recoverable as core hands it over there. */
    private Recoverable sharedWith(Original original, String other) {
        original.artifacts().forEach(a -> ec2.modifySnapshotAttribute(b -> b.snapshotId(a.id())
                .attribute(SnapshotAttributeName.CREATE_VOLUME_PERMISSION).operationType(OperationType.ADD).userIds(other)));
        Recoverable shared = recovery.recoverables(original.artifacts()).get(0);
        return new Recoverable(shared.kind(), shared.key(), shared.typeId(), shared.resourceId(), shared.region(),
                shared.label(), shared.options().stream().map(o -> o.regionBound() ? o.withoutDefault() : o).toList(),
                shared.notes(), shared.artifacts());
    }

    /** What a start cut short while it waited for its copies had recorded: one copy per shared snapshot. */
    private static List<RecoveredResource> copiesIn(MotoContext there, Original original) {
        return original.artifacts().stream().map(a -> new RecoveredResource(OwnCopies.KIND, there.ec2().copySnapshot(
                b -> b.sourceSnapshotId(a.id()).sourceRegion(REGION)).snapshotId(), REGION,
                Map.of("copyOf", a.id(), "fromInstance", original.instanceId()))).toList();
    }

    private static List<String> ownSnapshots(MotoContext there, String account) {
        return there.ec2().describeSnapshots(b -> b.filters(Filter.builder().name("owner-id").values(account).build()))
                .snapshots().stream().map(Snapshot::snapshotId).toList();
    }

    private static Instance describeIn(MotoContext there, String instanceId) {
        return there.ec2().describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    /**
     * In the backup's own account nothing is copied: the AMI is registered from the backup's snapshots, which record
     * this account as their owner, so AWS is not asked which it owns.
     */
    @Test
    void inTheSnapshotsOwnAccountNothingIsCopied() {
        Original original = original(Map.of());
        assertThat(original.artifacts()).allSatisfy(a -> assertThat(a.detail(EbsSnapshots.DETAIL_OWNER_ID))
                .isEqualTo(ctx.awsAccountId()));
        RecordingProgress progress = new RecordingProgress();
        ctx.forget();

        recovery.start(ctx, recovery.recoverables(original.artifacts()).get(0), Map.of("privateIp", ""), progress);

        assertThat(ownerLookups(ctx)).isZero();
        assertThat(ctx.sent(CopySnapshotRequest.class)).isEmpty();
        assertThat(progress.created(OwnCopies.KIND)).isEmpty();
        assertThat(ctx.sent(RegisterImageRequest.class).get(0).blockDeviceMappings()).extracting(m -> m.ebs().snapshotId())
                .containsExactlyElementsOf(original.artifacts().stream().map(Artifact::id).toList());
    }

    /** A backup made before the owner was recorded: AWS says the snapshots are this account's, and none is copied. */
    @Test
    void snapshotsWithNoRecordedOwnerAreLookedUpOnce() {
        Original original = original(Map.of());
        List<Artifact> older = original.artifacts().stream().map(a -> {
            Map<String, String> details = new HashMap<>(a.details());
            details.remove(EbsSnapshots.DETAIL_OWNER_ID);
            return new Artifact(a.kind(), a.id(), a.region(), a.resourceId(), details);
        }).toList();
        RecordingProgress progress = new RecordingProgress();
        ctx.forget();

        recovery.start(ctx, recovery.recoverables(older).get(0), Map.of("privateIp", ""), progress);

        assertThat(ownerLookups(ctx)).isEqualTo(1);
        assertThat(ctx.sent(CopySnapshotRequest.class)).isEmpty();
        assertThat(progress.created(OwnCopies.KIND)).isEmpty();
    }

    /** The DescribeSnapshots that ask AWS which snapshots the account owns (filtered on owner-id). */
    private static long ownerLookups(MotoContext context) {
        return context.sent(DescribeSnapshotsRequest.class).stream()
                .filter(r -> r.filters().stream().anyMatch(f -> f.name().equals("owner-id"))).count();
    }

    @Test
    void keepLeavesTheRegisteredAmiAvailable() {
        Original original = original(Map.of());
        Recoverable recoverable = recovery.recoverables(original.artifacts()).get(0);
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, recoverable, Map.of("amiHandling", "keep", "privateIp", ""), progress);

        RecoveredResource ami = progress.created("ami").get(0);
        assertThat(images(ami.id())).singleElement().satisfies(image -> assertThat(image.stateAsString()).isEqualTo("available"));
        assertThat(progress.removed).isEmpty();
        assertThat(recovery.poll(ctx, ami)).isEqualTo(RecoveryState.ready());
        assertThat(recovery.poll(ctx, progress.created("instance").get(0))).isEqualTo(RecoveryState.ready());
        assertThat(describe(progress.created("instance").get(0).id()).imageId()).isEqualTo(ami.id());
    }

    @Test
    void registerOnlyCreatesTheAmiAndLaunchesNothing() {
        Original original = original(Map.of());
        Recoverable recoverable = recovery.recoverables(original.artifacts()).get(0);
        List<String> instancesBefore = instanceIds();
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, recoverable, Map.of("amiHandling", "register-only"), progress);

        assertThat(progress.events).containsExactly("created:ami");
        assertThat(images(progress.created.get(0).id())).hasSize(1);
        assertThat(instanceIds()).isEqualTo(instancesBefore);
        assertThat(progress.log).anyMatch(line -> line.contains("no instance was launched"));
    }

    @Test
    void countAsksForThatManyAndReportsEveryInstanceThatStarted() {
        Original original = original(Map.of());
        Recoverable recoverable = recovery.recoverables(original.artifacts()).get(0);
        RecordingProgress progress = new RecordingProgress();
        ctx.forget();

        recovery.start(ctx, recoverable, Map.of("count", "2", "amiHandling", "keep"), progress);

        RunInstancesRequest run = ctx.sent(RunInstancesRequest.class).get(0);
        assertThat(run.minCount()).isEqualTo(1);
        assertThat(run.maxCount()).isEqualTo(2);
        // not guaranteed to start them all (guide 9.2.1); moto starts MinCount
        String ami = progress.created("ami").get(0).id();
        List<String> started = ec2.describeInstances(b -> b.filters(Filter.builder().name("image-id").values(ami).build()))
                .reservations().stream().flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList();
        assertThat(progress.created("instance")).extracting(RecoveredResource::id).containsExactlyInAnyOrderElementsOf(started);
        assertThat(progress.log).anyMatch(line -> line.startsWith(started.size() + " of 2 requested instances started"));
        // the original address cannot go to several instances: dropped with a note, not refused
        assertThat(run.privateIpAddress()).isNull();
        assertThat(progress.log).anyMatch(line -> line.contains("10.0.1.10") && line.contains("one instance only"));
    }

    @Test
    void theOriginalAddressStillInUseIsLeftToAwsWithANote() {
        Original original = original(Map.of());
        Recoverable recoverable = recovery.recoverables(original.artifacts()).get(0);
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, recoverable, Map.of(), progress);

        Instance launched = describe(progress.created("instance").get(0).id());
        assertThat(launched.subnetId()).isEqualTo(original.subnetId());
        assertThat(launched.privateIpAddress()).isNotEqualTo("10.0.1.10").startsWith("10.0.1.");
        assertThat(progress.log).anyMatch(line -> line.contains("10.0.1.10 is in use by") && line.contains(original.instanceId()));
    }

    @Test
    void launchesFromAnImageWithTheBackupsDataVolumesMappedIn() {
        Original original = original(Map.of());
        Recoverable recoverable = recovery.recoverables(original.artifacts()).get(0);
        RecordingProgress progress = new RecordingProgress();
        List<String> imagesBefore = imageIds();

        recovery.start(ctx, recoverable, Map.of("launchFrom", "image", "privateIp", "", "instanceType", "t3.micro"), progress);

        assertThat(imageIds()).isEqualTo(imagesBefore);
        Instance launched = describe(progress.created("instance").get(0).id());
        assertThat(launched.imageId()).isEqualTo(original.imageId());
        Volume data = volumeAt(launched, "/dev/sdf");
        assertThat(data.snapshotId()).isEqualTo(original.snapshotOf("/dev/sdf"));
        assertThat(data.size()).isEqualTo(20);
        assertThat(data.volumeType()).isEqualTo(VolumeType.GP3);
        assertThat(tags(data.tags())).containsEntry("Name", "web-1-data");
        assertThat(progress.created("volume")).extracting(RecoveredResource::id).containsExactly(data.volumeId());
    }

    @Test
    void windowsLaunchesFromTheInitialAmiThenGetsTheBackupsRootVolume() {
        Original original = original(Map.of("instance.platform", "windows"));
        String initialAmi = ec2.createImage(b -> b.instanceId(original.instanceId()).name("initial-" + SEQUENCE.incrementAndGet()))
                .imageId();
        List<Artifact> artifacts = original.artifacts().stream()
                .map(a -> withDetail(a, "initialAmiId", initialAmi)).toList();
        Recoverable recoverable = recovery.recoverables(artifacts).get(0);
        RecordingProgress progress = new RecordingProgress();
        List<String> volumesBefore = volumeIds();

        assertThat(options(recoverable).get("launchFrom").allowed()).containsExactly("image");
        assertThat(defaults(recoverable)).containsEntry("launchFrom", "image").containsEntry("imageId", initialAmi)
                .containsEntry("rootVolume", "backup");
        assertThat(recoverable.notes()).anyMatch(note -> note.startsWith("Windows"));
        assertRefused(recoverable, Map.of("launchFrom", "snapshot"), "launchFrom", "must be one of image");

        ctx.forget();
        recovery.start(ctx, recoverable, Map.of("privateIp", "", "volume./dev/sda1.sizeGiB", "12",
                "volume./dev/sda1.volumeType", "gp3"), progress);

        // the image's root, to be replaced, goes with the instance should it be terminated before the swap
        assertThat(ctx.sent(RunInstancesRequest.class).get(0).blockDeviceMappings())
                .filteredOn(mapping -> "/dev/sda1".equals(mapping.deviceName())).singleElement()
                .satisfies(mapping -> {
                    assertThat(mapping.ebs().deleteOnTermination()).isTrue();
                    assertThat(mapping.ebs().snapshotId()).isNull();
                });

        Instance launched = describe(progress.created("instance").get(0).id());
        assertThat(launched.imageId()).isEqualTo(initialAmi);
        assertThat(launched.state().nameAsString()).isIn("pending", "running");
        Volume root = volumeAt(launched, "/dev/sda1");
        assertThat(root.snapshotId()).isEqualTo(original.snapshotOf("/dev/sda1"));
        assertThat(root.size()).isEqualTo(12);
        assertThat(root.volumeType()).isEqualTo(VolumeType.GP3);
        assertThat(root.availabilityZone()).isEqualTo("eu-west-1b");
        assertThat(tags(root.tags())).containsEntry("Name", "web-1-root");
        assertThat(launched.blockDeviceMappings()).filteredOn(m -> "/dev/sda1".equals(m.deviceName()))
                .singleElement().satisfies(m -> assertThat(m.ebs().deleteOnTermination()).isTrue());
        assertThat(volumeAt(launched, "/dev/sdf").snapshotId()).isEqualTo(original.snapshotOf("/dev/sdf"));
        assertThat(progress.created("ami")).isEmpty();
        // the image's root volume is gone: the instance's two volumes are all that is new
        List<String> added = new ArrayList<>(volumeIds());
        added.removeAll(volumesBefore);
        assertThat(added).containsExactlyInAnyOrder(root.volumeId(), volumeAt(launched, "/dev/sdf").volumeId());
        assertThat(progress.removed).singleElement().satisfies(removed -> {
            assertThat(removed.kind()).isEqualTo("volume");
            assertThat(removed.details()).containsEntry("replacedBy", root.volumeId());
        });
        assertThat(progress.created("volume")).extracting(RecoveredResource::id).contains(root.volumeId());
        assertThat(progress.log).anyMatch(line -> line.startsWith("Stopping " + launched.instanceId()))
                .anyMatch(line -> line.startsWith("Starting " + launched.instanceId()));
    }

    @Test
    void rootVolumeImageKeepsTheImagesRootAndAnInitialAmiDefaultsToTheBackups() {
        Original original = original(Map.of());
        List<Artifact> artifacts = original.artifacts().stream()
                .map(a -> withDetail(a, "initialAmiId", original.imageId())).toList();
        Recoverable recoverable = recovery.recoverables(artifacts).get(0);
        assertThat(defaults(recoverable)).containsEntry("launchFrom", "snapshot").containsEntry("rootVolume", "backup");
        assertThat(defaults(recovery.recoverables(original.artifacts()).get(0))).containsEntry("rootVolume", "image");
        RecordingProgress progress = new RecordingProgress();
        ctx.forget();

        recovery.start(ctx, recoverable, Map.of("launchFrom", "image", "rootVolume", "image", "privateIp", ""), progress);

        // the image's root stays as the image maps it (moto, unlike AWS, then launches no root volume at all)
        assertThat(ctx.sent(RunInstancesRequest.class).get(0).blockDeviceMappings())
                .extracting(BlockDeviceMapping::deviceName).containsExactly("/dev/sdf");
        Instance launched = describe(progress.created("instance").get(0).id());
        assertThat(launched.blockDeviceMappings()).extracting(m -> volume(m.ebs().volumeId()).snapshotId())
                .doesNotContain(original.snapshotOf("/dev/sda1"));
        assertThat(progress.removed).isEmpty();
        assertThat(ctx.sent(StopInstancesRequest.class)).isEmpty();
    }

    @Test
    void anAmiOnlyBackupLaunchesFromItsAmi() {
        Original original = original(Map.of());
        String backupAmi = ec2.createImage(b -> b.instanceId(original.instanceId()).name("backup-" + SEQUENCE.incrementAndGet()))
                .imageId();
        Artifact artifact = InstanceBackups.image(ctx, original.instanceId(), backupAmi);

        List<Recoverable> recoverables = recovery.recoverables(List.of(artifact));
        RecordingProgress progress = new RecordingProgress();
        recovery.start(ctx, recoverables.get(0), Map.of("privateIp", ""), progress);

        assertThat(recoverables).singleElement().satisfies(recoverable -> {
            assertThat(recoverable.kind()).isEqualTo("instance");
            assertThat(defaults(recoverable)).containsEntry("launchFrom", "image").containsEntry("imageId", backupAmi);
            // the backup's AMI (or its DR copy, or the image shared with another account) is where it is recovered
            assertThat(options(recoverable).get("imageId").regionBound()).isFalse();
            assertThat(recoverable.options()).noneMatch(option -> option.name().startsWith("volume."));
        });
        assertThat(describe(progress.created("instance").get(0).id()).imageId()).isEqualTo(backupAmi);
    }

    /**
     * An AMI backup recovered into another account (decision 52): the check before the start passes while the account
     * does not see the backup's AMI yet (core shares it after the check); the start checks again and refuses it unshared.
     * Another AMI it does not see is refused at once.
     */
    @Test
    void inAnotherAccountTheBackupsAmiIsCheckedAgainAtTheStartOnceShared() {
        Original original = original(Map.of());
        String backupAmi = ec2.createImage(b -> b.instanceId(original.instanceId()).name("backup-" + SEQUENCE.incrementAndGet()))
                .imageId();
        Recoverable recoverable = recovery.recoverables(List.of(InstanceBackups.image(ctx, original.instanceId(),
                backupAmi))).get(0);
        Map<String, String> choices = Map.of("zone", "eu-west-1a", "privateIp", "", "subnetId", "", "keyName", "",
                "securityGroups", "");

        try (MotoContext there = new MotoContext(endpoint, REGION, "310987654321")) {
            recovery.check(there, recoverable, choices);
            assertThatThrownBy(() -> recovery.check(there, recoverable, plus(choices, "imageId", original.imageId())))
                    .isInstanceOf(InvalidRecoveryException.class).extracting("field").isEqualTo("imageId");
            RecordingProgress progress = new RecordingProgress();
            assertThatThrownBy(() -> recovery.start(there, recoverable, choices, progress))
                    .as("not shared").isInstanceOf(InvalidRecoveryException.class).extracting("field").isEqualTo("imageId");
            assertThat(progress.created).isEmpty();
        }
    }

    private static Map<String, String> plus(Map<String, String> map, String name, String value) {
        Map<String, String> more = new HashMap<>(map);
        more.put(name, value);
        return more;
    }

    @Test
    void leavingOutADataVolumeLeavesItOutOfTheAmi() {
        Original original = original(Map.of());
        Recoverable recoverable = recovery.recoverables(original.artifacts()).get(0);
        ctx.forget();

        recovery.start(ctx, recoverable, Map.of("volume./dev/sdf.recover", "false", "amiHandling", "register-only"),
                new RecordingProgress());

        assertThat(ctx.sent(RegisterImageRequest.class).get(0).blockDeviceMappings())
                .extracting(BlockDeviceMapping::deviceName).containsExactly("/dev/sda1");
    }

    @Test
    void aVolumeOfTheInstanceRecoversOnItsOwn() {
        Original original = original(Map.of());
        Recoverable volume = recovery.recoverables(original.artifacts()).get(2);
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, volume, Map.of("sizeGiB", "30"), progress);

        Volume created = volume(progress.created.get(0).id());
        assertThat(created.snapshotId()).isEqualTo(original.snapshotOf("/dev/sdf"));
        assertThat(created.availabilityZone()).isEqualTo("eu-west-1b");
        assertThat(created.size()).isEqualTo(30);
        assertThat(tags(created.tags())).containsEntry("Name", "web-1-data");
    }

    @Test
    void passesTheAdvancedOptionsToRunInstances() {
        Original original = original(Map.of());
        Recoverable recoverable = recovery.recoverables(original.artifacts()).get(0);
        RecordingProgress progress = new RecordingProgress();
        ctx.forget();

        recovery.start(ctx, recoverable, Map.of("privateIp", "10.0.1.77", "assignPublicIp", "true",
                "shutdownBehaviour", "terminate", "disableApiTermination", "true", "monitoring", "true",
                "ebsOptimized", "true", "tenancy", "dedicated", "placementGroup", "cluster-1", "preserveTags", "false",
                "keyName", ""), progress);

        RunInstancesRequest run = ctx.sent(RunInstancesRequest.class).get(0);
        assertThat(run.instanceInitiatedShutdownBehaviorAsString()).isEqualTo("terminate");
        assertThat(run.disableApiTermination()).isTrue();
        assertThat(run.monitoring().enabled()).isTrue();
        assertThat(run.ebsOptimized()).isTrue();
        assertThat(run.placement().tenancyAsString()).isEqualTo("dedicated");
        assertThat(run.placement().groupName()).isEqualTo("cluster-1");
        assertThat(run.keyName()).isNull();
        assertThat(run.tagSpecifications()).isEmpty();
        // the public-IP choice needs the network interface form, which then carries subnet, groups and address
        assertThat(run.subnetId()).isNull();
        assertThat(run.networkInterfaces()).singleElement().satisfies(eni -> {
            assertThat(eni.subnetId()).isEqualTo(original.subnetId());
            assertThat(eni.groups()).containsExactly(original.groupId());
            assertThat(eni.privateIpAddress()).isEqualTo("10.0.1.77");
            assertThat(eni.associatePublicIpAddress()).isTrue();
        });
        Instance launched = describe(progress.created("instance").get(0).id());
        assertThat(launched.privateIpAddress()).isEqualTo("10.0.1.77");
        assertThat(launched.tags()).isEmpty();
    }

    @Test
    void defaultsToTheOriginalsTerminationProtectionShutdownBehaviourAndInstanceStore() {
        Original original = original(Map.of("instance.disableApiTermination", "true",
                "instance.shutdownBehaviour", "terminate", "instance.ephemeral", "/dev/sdb:ephemeral0,/dev/sdc:ephemeral1"));
        Recoverable recoverable = recovery.recoverables(original.artifacts()).get(0);
        RecordingProgress progress = new RecordingProgress();
        assertThat(defaults(recoverable)).containsEntry("disableApiTermination", "true")
                .containsEntry("shutdownBehaviour", "terminate")
                .containsEntry("ephemeral", "/dev/sdb:ephemeral0,/dev/sdc:ephemeral1");
        assertThat(defaults(recovery.recoverables(original(Map.of()).artifacts()).get(0)))
                .containsEntry("disableApiTermination", "false").containsEntry("shutdownBehaviour", "stop")
                .containsEntry("ephemeral", null);
        ctx.forget();

        recovery.start(ctx, recoverable, Map.of("privateIp", ""), progress);

        // moto keeps no DisableApiTermination from RunInstances and no instance store: the request shows them
        RunInstancesRequest run = ctx.sent(RunInstancesRequest.class).get(0);
        assertThat(run.disableApiTermination()).isTrue();
        assertThat(run.instanceInitiatedShutdownBehaviorAsString()).isEqualTo("terminate");
        assertThat(run.blockDeviceMappings()).extracting(BlockDeviceMapping::deviceName, BlockDeviceMapping::virtualName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/dev/sdb", "ephemeral0"),
                        org.assertj.core.groups.Tuple.tuple("/dev/sdc", "ephemeral1"));
        String launched = progress.created("instance").get(0).id();
        assertThat(ec2.describeInstanceAttribute(b -> b.instanceId(launched)
                .attribute(InstanceAttributeName.INSTANCE_INITIATED_SHUTDOWN_BEHAVIOR))
                .instanceInitiatedShutdownBehavior().value()).isEqualTo("terminate");
    }

    @Test
    void refusesInstanceStoreMappingsThatAreMalformedOrTaken() {
        Original original = original(Map.of());
        assertRefusedWithNothingCreated(original, Map.of("ephemeral", "/dev/sdb"), "ephemeral", "not device:virtualName");
        assertRefusedWithNothingCreated(original, Map.of("ephemeral", "/dev/sdb:ebs0"), "ephemeral",
                "not device:virtualName");
        assertRefusedWithNothingCreated(original, Map.of("ephemeral", "sdf:ephemeral0"), "ephemeral",
                "already takes a volume");
        assertRefusedWithNothingCreated(original, Map.of("ephemeral", "sdb:ephemeral0,/dev/sdb:ephemeral1"),
                "ephemeral", "mapped twice");
    }

    @Test
    void aFailedLaunchStillDeregistersTheTemporaryAmi() {
        Original original = original(Map.of());
        Recoverable recoverable = recovery.recoverables(original.artifacts()).get(0);
        RecordingProgress progress = new RecordingProgress();
        List<String> instancesBefore = instanceIds();

        // no such instance profile: EC2 (and moto) refuse the launch; Haven cannot check IAM beforehand
        assertThatThrownBy(() -> recovery.start(ctx, recoverable, Map.of("privateIp", "",
                "iamProfile", "arn:aws:iam::123456789012:instance-profile/missing"), progress))
                .isNotInstanceOf(InvalidRecoveryException.class);

        assertThat(progress.events).containsExactly("created:ami", "removed:ami");
        assertThat(images(progress.created.get(0).id())).isEmpty();
        assertThat(instanceIds()).isEqualTo(instancesBefore);
    }

    @Test
    void refusesAPrivateIpOutsideTheSubnet() {
        assertRefusedWithNothingCreated(original(Map.of()), Map.of("privateIp", "10.9.9.9"), "privateIp",
                "outside subnet");
    }

    @Test
    void refusesAddressesThatAreTakenReservedOrForSeveralInstances() {
        Original original = original(Map.of());
        assertRefusedWithNothingCreated(original, Map.of("privateIp", "10.0.1.10"), "privateIp",
                "is in use by eni-");
        assertRefusedWithNothingCreated(original, Map.of("privateIp", "10.0.1.1"), "privateIp", "reserves");
        assertRefusedWithNothingCreated(original, Map.of("privateIp", "10.0.1.50", "count", "2"), "privateIp",
                "one instance only");
        assertRefusedWithNothingCreated(original, Map.of("privateIp", "10.0.1.500"), "privateIp", "not an IPv4 address");
    }

    @Test
    void refusesWhatDoesNotExist() {
        Original original = original(Map.of());
        assertRefusedWithNothingCreated(original, Map.of("subnetId", "subnet-0123456789abcdef0"), "subnetId",
                "does not exist");
        assertRefusedWithNothingCreated(original, Map.of("keyName", "nobody"), "keyName", "no key pair nobody");
        assertRefusedWithNothingCreated(original, Map.of("securityGroups", "sg-0123456789abcdef0"), "securityGroups",
                "does not exist");
        assertRefusedWithNothingCreated(original, Map.of("launchFrom", "image", "imageId", "ami-0123456789abcdef0"),
                "imageId", "does not exist");
        assertRefusedWithNothingCreated(original, Map.of("subnetId", "", "zone", "eu-west-1z"), "zone",
                "no availability zone");
    }

    @Test
    void refusesChoicesThatContradictEachOther() {
        Original original = original(Map.of());
        String otherVpc = ec2.createVpc(b -> b.cidrBlock("10.1.0.0/16")).vpc().vpcId();
        String foreignGroup = ec2.createSecurityGroup(b -> b.groupName("other-" + SEQUENCE.incrementAndGet())
                .description("other").vpcId(otherVpc)).groupId();
        assertRefusedWithNothingCreated(original, Map.of("securityGroups", foreignGroup), "securityGroups",
                "belongs to " + otherVpc);
        assertRefusedWithNothingCreated(original, Map.of("zone", "eu-west-1a"), "zone", "is in eu-west-1b");
        assertRefusedWithNothingCreated(original, Map.of("launchFrom", "image", "amiHandling", "register-only"),
                "amiHandling", "needs launchFrom=snapshot");
        assertRefusedWithNothingCreated(original, Map.of("volume./dev/sdf.device", "/dev/sda1"),
                "volume./dev/sdf.device", "root device");
        assertRefusedWithNothingCreated(original, Map.of("volume./dev/sdf.sizeGiB", "10"), "volume./dev/sdf.sizeGiB",
                "at least 20 GiB");
        assertRefusedWithNothingCreated(original, Map.of("volume./dev/sda1.volumeType", "io1"), "volume./dev/sda1.iops",
                "io1 volumes need");
        assertRefusedWithNothingCreated(original, Map.of("count", "21"), "count", "between 1 and 20");
        assertRefusedWithNothingCreated(original, Map.of("instanceType", "large"), "instanceType", "not an instance type");
        assertRefusedWithNothingCreated(original, Map.of("subnetId", "", "assignPublicIp", "true"), "assignPublicIp",
                "needs subnetId");
    }

    @Test
    void pollFollowsInstancesAndAmis() {
        Original original = original(Map.of());
        RecoveredResource instance = new RecoveredResource("instance", original.instanceId(), REGION, Map.of());
        RecoveredResource ami = new RecoveredResource("ami", original.imageId(), REGION, Map.of());

        assertThat(recovery.poll(ctx, instance)).isEqualTo(RecoveryState.ready());
        assertThat(recovery.poll(ctx, ami)).isEqualTo(RecoveryState.ready());
        ec2.terminateInstances(b -> b.instanceIds(original.instanceId()));
        ec2.deregisterImage(b -> b.imageId(original.imageId()));

        assertThat(recovery.poll(ctx, instance).state()).isEqualTo(RecoveryState.State.FAILED);
        assertThat(recovery.poll(ctx, ami).message()).contains("no longer exists");
    }

    private void assertRefusedWithNothingCreated(Original original, Map<String, String> choices, String field,
                                                 String message) {
        Recoverable recoverable = recovery.recoverables(original.artifacts()).get(0);
        List<String> instances = instanceIds();
        List<String> images = imageIds();
        List<String> volumes = ec2.describeVolumes().volumes().stream().map(Volume::volumeId).sorted().toList();
        RecordingProgress progress = new RecordingProgress();

        assertRefused(recoverable, choices, field, message);
        assertThatThrownBy(() -> recovery.start(ctx, recoverable, choices, progress))
                .isInstanceOf(InvalidRecoveryException.class);

        assertThat(instanceIds()).isEqualTo(instances);
        assertThat(imageIds()).isEqualTo(images);
        assertThat(ec2.describeVolumes().volumes().stream().map(Volume::volumeId).sorted().toList()).isEqualTo(volumes);
        assertThat(progress.created).isEmpty();
    }

    private void assertRefused(Recoverable recoverable, Map<String, String> choices, String field, String message) {
        assertThatThrownBy(() -> recovery.check(ctx, recoverable, choices))
                .isInstanceOfSatisfying(InvalidRecoveryException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    /** A fresh VPC with two subnets, a group, a key and an original AMI; the instance backed up with extra facts. */
    private static Original original(Map<String, String> extraFacts) {
        int n = SEQUENCE.incrementAndGet();
        String vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("eu-west-1b"))
                .subnet().subnetId();
        String other = ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone("eu-west-1c"))
                .subnet().subnetId();
        String group = ec2.createSecurityGroup(b -> b.groupName("web-" + n).description("web").vpcId(vpc)).groupId();
        String key = "key-" + n;
        ec2.createKeyPair(b -> b.keyName(key));
        String builder = ec2.runInstances(b -> b.imageId("ami-12345678").minCount(1).maxCount(1)).instances().get(0)
                .instanceId();
        String image = ec2.createImage(b -> b.instanceId(builder).name("web-base-" + n)).imageId();
        Instance instance = ec2.runInstances(b -> b.imageId(image).minCount(1).maxCount(1).instanceType("t3.small")
                .subnetId(subnet).privateIpAddress("10.0.1.10").securityGroupIds(group).keyName(key)
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE)
                        .tags(tag("Name", "web-1"), tag("team", "shop")))).instances().get(0);
        String root = instance.blockDeviceMappings().get(0).ebs().volumeId();
        ec2.createTags(b -> b.resources(root).tags(tag("Name", "web-1-root")));
        String data = ec2.createVolume(b -> b.availabilityZone("eu-west-1b").size(20).volumeType(VolumeType.GP3)
                .iops(3000).tagSpecifications(t -> t.resourceType(ResourceType.VOLUME).tags(tag("Name", "web-1-data"))))
                .volumeId();
        ec2.attachVolume(b -> b.volumeId(data).instanceId(instance.instanceId()).device("/dev/sdf"));
        List<Artifact> artifacts = InstanceBackups.snapshots(ctx, instance.instanceId(), null, extraFacts);
        return new Original(instance.instanceId(), vpc, subnet, other, group, key, image, root, data, artifacts);
    }

    private static Artifact withDetail(Artifact artifact, String name, String value) {
        Map<String, String> details = new HashMap<>(artifact.details());
        details.put(name, value);
        return new Artifact(artifact.kind(), artifact.id(), artifact.region(), artifact.resourceId(), details);
    }

    private static Instance describe(String instanceId) {
        return ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    private static Volume volume(String volumeId) {
        return ec2.describeVolumes(b -> b.volumeIds(volumeId)).volumes().get(0);
    }

    private static Volume volumeAt(Instance instance, String device) {
        String volumeId = instance.blockDeviceMappings().stream().filter(m -> device.equals(m.deviceName()))
                .map(InstanceBlockDeviceMapping::ebs).findFirst().orElseThrow().volumeId();
        return volume(volumeId);
    }

    private static List<Image> images(String imageId) {
        try {
            return ec2.describeImages(b -> b.imageIds(imageId)).images();
        } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
            return List.of();
        }
    }

    private static List<String> imageIds() {
        return ec2.describeImages(b -> b.owners("self")).images().stream().map(Image::imageId).sorted().toList();
    }

    private static List<String> volumeIds() {
        return ec2.describeVolumes().volumes().stream().map(Volume::volumeId).sorted().toList();
    }

    private static List<String> instanceIds() {
        List<String> ids = new ArrayList<>();
        ec2.describeInstances().reservations().forEach(r -> r.instances().forEach(i -> ids.add(i.instanceId())));
        return ids.stream().sorted().toList();
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
