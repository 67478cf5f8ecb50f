package io.haven.target.ec2;

import static io.haven.target.ec2.Ec2TestBed.LINUX_AMI;
import static io.haven.target.ec2.Ec2TestBed.WINDOWS_AMI;
import static io.haven.target.ec2.Ec2TestBed.request;
import static io.haven.target.ec2.Ec2TestBed.tags;
import static io.haven.target.ec2.Ec2TestBed.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.target.Artifact;
import io.haven.api.target.HavenTags;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;

/** backupMode=snapshots-and-initial-ami and the platform defaults, through the plugin against moto. */
@ExtendWith(MotoExtension.class)
class InitialAmiTest {

    private static final Map<String, String> WITH_INITIAL_AMI = Map.of("backupMode", "snapshots-and-initial-ami");
    private static final Duration PAST_DEFAULT_PERIOD = Duration.ofDays(91);

    private static Ec2TestBed bed;
    private final MovableClock clock = new MovableClock();
    private Ec2InstanceTargetType type;

    @BeforeAll
    static void setUp(MotoServer moto) {
        bed = new Ec2TestBed(moto);
    }

    @BeforeEach
    void newType() {
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
    void windowsInstancesGetSnapshotsAndAnInitialAmiOfTheRootDeviceByDefault() {
        Instance instance = bed.launch(WINDOWS_AMI, "windows");
        assertThat(instance.platformAsString()).isEqualTo("windows");
        assertThat(type.discover(bed.ctx)).filteredOn(r -> r.id().equals(instance.instanceId())).singleElement()
                .satisfies(resource -> assertThat(resource.attributes()).containsEntry("platform", "windows"));

        List<Artifact> artifacts = type.startBackup(bed.ctx, target(instance, Map.of()), request("run-win"));

        Image initial = single(initialAmis(instance));
        assertThat(tags(initial.tags())).containsEntry("haven:initial-ami", instance.instanceId())
                .containsEntry("Name", "haven-initial-" + instance.instanceId())
                .doesNotContainKey(HavenTags.BACKUP_ID);
        assertThat(initial.name()).startsWith("haven-initial-" + instance.instanceId() + "-").matches(AmiNames.VALID);
        assertThat(artifacts).extracting(Artifact::kind).containsOnly("ebs-snapshot");
        assertThat(artifacts).extracting(a -> a.detail("device")).containsExactly("/dev/sda1", "/dev/sdf", "/dev/sdg");
        assertThat(artifacts).allSatisfy(artifact -> {
            assertThat(artifact.details()).containsEntry("initialAmiId", initial.imageId())
                    .containsEntry("instance.platform", "windows");
            assertThat(tags(bed.snapshot(artifact.id()).tags()))
                    .containsEntry("haven:detail:initialAmiId", initial.imageId());
        });
        // the request moto cannot show: root device only, no reboot, snapshots tagged too
        Map<String, String> call = bed.proxy.calls("CreateImage").get(0);
        assertThat(call).containsEntry("NoReboot", "true");
        assertThat(Ec2Proxy.blockDeviceMappings(call)).containsOnlyKeys("/dev/sdf", "/dev/sdg")
                .allSatisfy((device, fields) -> assertThat(fields).containsEntry("NoDevice", ""));
        assertThat(Ec2Proxy.tagSpecification(call, "snapshot")).containsEntry("haven:initial-ami", instance.instanceId());
        // the backup's run adopts only its snapshots, never the initial AMI
        assertThat(type.findByBackupId(bed.ctx, "run-win")).extracting(Artifact::id)
                .containsExactlyInAnyOrderElementsOf(artifacts.stream().map(Artifact::id).toList());
        assertThat(type.findByBackupId(bed.ctx, "run-win")).allSatisfy(found ->
                assertThat(found.details()).containsEntry("initialAmiId", initial.imageId()));
    }

    @Test
    void otherInstancesGetOnlySnapshotsByDefault() {
        Instance instance = bed.launch(LINUX_AMI, "linux");

        List<Artifact> artifacts = type.startBackup(bed.ctx, target(instance, Map.of()), request("run-linux"));

        assertThat(artifacts).hasSize(3).allSatisfy(artifact ->
                assertThat(artifact.details()).doesNotContainKey("initialAmiId").containsEntry("instance.platform", "linux"));
        assertThat(bed.proxy.calls("CreateImage")).isEmpty();
        assertThat(initialAmis(instance)).isEmpty();
    }

    @Test
    void anExplicitModeOverridesThePlatformDefault() {
        Instance windows = bed.launch(WINDOWS_AMI, "windows-snapshots-only");
        Instance linux = bed.launch(LINUX_AMI, "linux-with-initial-ami");

        type.startBackup(bed.ctx, target(windows, Map.of("backupMode", "snapshots")), request("run-explicit"));
        type.startBackup(bed.ctx, target(linux, WITH_INITIAL_AMI), request("run-explicit"));

        assertThat(initialAmis(windows)).isEmpty();
        assertThat(initialAmis(linux)).hasSize(1);
    }

    @Test
    void theInitialAmiIsCreatedOnceAndKeptWhileYoungerThanThePeriod() {
        Instance instance = bed.launch(LINUX_AMI, "kept");
        type.startBackup(bed.ctx, target(instance, WITH_INITIAL_AMI), request("run-first"));
        String first = single(initialAmis(instance)).imageId();
        clock.moveBy(Duration.ofDays(89));
        bed.proxy.reset();

        List<Artifact> second = type.startBackup(bed.ctx, target(instance, WITH_INITIAL_AMI), request("run-second"));

        assertThat(initialAmis(instance)).extracting(Image::imageId).containsExactly(first);
        assertThat(bed.proxy.calls("CreateImage")).isEmpty();
        assertThat(second).allSatisfy(artifact -> {
            assertThat(artifact.detail("initialAmiId")).isEqualTo(first);
            assertThat(tags(bed.snapshot(artifact.id()).tags())).containsEntry("haven:detail:initialAmiId", first);
        });
        // known before the snapshots, the id was tagged at their creation
        assertThat(bed.proxy.calls("CreateTags")).isEmpty();
    }

    @Test
    void anInitialAmiOlderThanThePeriodIsReplacedAndTheOldOneRemoved() {
        Instance instance = bed.launch(LINUX_AMI, "rotated");
        type.startBackup(bed.ctx, target(instance, WITH_INITIAL_AMI), request("run-old"));
        Image old = single(initialAmis(instance));
        clock.moveBy(PAST_DEFAULT_PERIOD);

        List<Artifact> artifacts = type.startBackup(bed.ctx, target(instance, WITH_INITIAL_AMI), request("run-new"));

        Image replacement = single(initialAmis(instance));
        assertThat(replacement.imageId()).isNotEqualTo(old.imageId());
        assertThat(bed.image(old.imageId())).isEmpty();
        assertThat(Images.snapshotIds(old)).isNotEmpty().noneMatch(bed::snapshotExists);
        assertThat(artifacts).allSatisfy(artifact ->
                assertThat(artifact.detail("initialAmiId")).isEqualTo(replacement.imageId()));
    }

    @Test
    void theOldInitialAmiStaysUntilTheNewOneIsAvailable() {
        Instance instance = bed.launch(LINUX_AMI, "slow-rotation");
        type.startBackup(bed.ctx, target(instance, WITH_INITIAL_AMI), request("run-before"));
        String old = single(initialAmis(instance)).imageId();
        clock.moveBy(PAST_DEFAULT_PERIOD);
        // every image but the old one is still being made
        bed.proxy.rewrite("DescribeImages", body -> pendingExcept(body, old));

        List<Artifact> during = type.startBackup(bed.ctx, target(instance, WITH_INITIAL_AMI), request("run-during"));

        List<String> both = initialAmis(instance).stream().map(Image::imageId).toList();
        assertThat(both).hasSize(2).contains(old);
        String replacement = both.stream().filter(id -> !id.equals(old)).findFirst().orElseThrow();
        assertThat(during).allSatisfy(artifact -> assertThat(artifact.detail("initialAmiId")).isEqualTo(replacement));

        bed.proxy.reset();
        clock.reset();
        type.startBackup(bed.ctx, target(instance, WITH_INITIAL_AMI), request("run-after"));

        assertThat(initialAmis(instance)).extracting(Image::imageId).containsExactly(replacement);
        assertThat(bed.proxy.calls("CreateImage")).isEmpty();
    }

    @Test
    void aPeriodOfZeroNeverRotates() {
        type.configure(config(0));
        Instance instance = bed.launch(LINUX_AMI, "never-rotated");
        type.startBackup(bed.ctx, target(instance, WITH_INITIAL_AMI), request("run-zero-1"));
        String first = single(initialAmis(instance)).imageId();
        clock.moveBy(Duration.ofDays(10_000));

        type.startBackup(bed.ctx, target(instance, WITH_INITIAL_AMI), request("run-zero-2"));

        assertThat(initialAmis(instance)).extracting(Image::imageId).containsExactly(first);
    }

    @Test
    void theConfiguredPeriodApplies() {
        type.configure(config(7));
        Instance instance = bed.launch(LINUX_AMI, "weekly-rotation");
        type.startBackup(bed.ctx, target(instance, WITH_INITIAL_AMI), request("run-week-1"));
        String first = single(initialAmis(instance)).imageId();
        clock.moveBy(Duration.ofDays(8));

        type.startBackup(bed.ctx, target(instance, WITH_INITIAL_AMI), request("run-week-2"));

        assertThat(initialAmis(instance)).extracting(Image::imageId).singleElement().isNotEqualTo(first);
    }

    @Test
    void deletingTheBackupLeavesTheInitialAmi() {
        Instance instance = bed.launch(WINDOWS_AMI, "retention");
        List<Artifact> artifacts = type.startBackup(bed.ctx, target(instance, Map.of()), request("run-retention"));
        Image initial = single(initialAmis(instance));

        artifacts.forEach(artifact -> type.delete(bed.ctx, artifact));

        assertThat(bed.image(initial.imageId())).isPresent();
        assertThat(Images.snapshotIds(initial)).allMatch(bed::snapshotExists);
        assertThat(type.findByBackupId(bed.ctx, "run-retention")).isEmpty();
    }

    @Test
    void aFailedInitialAmiDoesNotFailTheSnapshots() {
        Instance instance = bed.launch(WINDOWS_AMI, "no-initial-ami");
        bed.proxy.failNext("CreateImage", "InvalidParameterValue", 1);

        List<Artifact> artifacts = type.startBackup(bed.ctx, target(instance, Map.of()), request("run-no-ami"));

        assertThat(artifacts).hasSize(3).allSatisfy(artifact ->
                assertThat(artifact.details()).doesNotContainKey("initialAmiId"));
        assertThat(initialAmis(instance)).isEmpty();
    }

    private static List<Image> initialAmis(Instance instance) {
        return bed.imagesTagged("haven:initial-ami", instance.instanceId());
    }

    private static Image single(List<Image> images) {
        assertThat(images).hasSize(1);
        return images.get(0);
    }

    private static Ec2TargetConfig config(int rotationDays) {
        return new Ec2TargetConfig() {
            @Override
            public int initialAmiRotationDays() {
                return rotationDays;
            }

            @Override
            public int instanceAttributesMaxAgeHours() {
                return DEFAULT_ATTRIBUTES_MAX_AGE_HOURS;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return Ec2TargetConfig.class;
            }
        };
    }

    /** A DescribeImages response in which every image but one is pending. */
    private static String pendingExcept(String body, String availableImageId) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            NodeList ids = document.getElementsByTagNameNS("*", "imageId");
            for (int i = 0; i < ids.getLength(); i++) {
                Element item = (Element) ids.item(i).getParentNode();
                if (!ids.item(i).getTextContent().equals(availableImageId)) {
                    NodeList states = item.getElementsByTagNameNS("*", "imageState");
                    for (int s = 0; s < states.getLength(); s++) {
                        states.item(s).setTextContent("pending");
                    }
                }
            }
            StringWriter out = new StringWriter();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot rewrite " + body, e);
        }
    }
}
