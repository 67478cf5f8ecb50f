package io.haven.recovery.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.recovery.AmiAssistant;
import io.haven.api.recovery.RecoveryOption;
import io.haven.api.target.Artifact;
import io.haven.api.target.Resource;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;

/** The AMI assistant (guide 9.2.3) against images in moto, recorded as the EC2 backup records them. */
@ExtendWith(MotoExtension.class)
class Ec2AmiAssistantTest {

    private static final String REGION = "eu-west-1";

    private static MotoContext ctx;
    private static Ec2Client ec2;
    private final AmiAssistant assistant = new Ec2AmiAssistant();

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
    void showsTheOriginalAmiAsTheBackupRecordedIt() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("instanceId", "i-0123456789abcdef0");
        details.put("instance.imageId", "ami-0aaaaaaaaaaaaaaaa");
        details.put("image.id", "ami-0aaaaaaaaaaaaaaaa");
        details.put("image.name", "web-2024-01");
        details.put("image.description", "web server");
        details.put("image.architecture", "x86_64");
        details.put("image.platform", "linux");
        details.put("image.virtualizationType", "hvm");
        details.put("image.rootDeviceType", "ebs");
        details.put("image.rootDeviceName", "/dev/xvda");
        details.put("image.ownerId", "123456789012");
        Artifact snapshot = new Artifact("ebs-snapshot", "snap-1", REGION, "vol-1", details);

        assertThat(assistant.recordedImage(List.of(snapshot))).containsExactlyEntriesOf(orderedMap(
                "id", "ami-0aaaaaaaaaaaaaaaa", "region", REGION, "name", "web-2024-01", "description", "web server",
                "architecture", "x86_64", "platform", "linux", "virtualizationType", "hvm", "rootDeviceType", "ebs",
                "rootDeviceName", "/dev/xvda", "ownerId", "123456789012"));
    }

    /** A DR copy in another region carries the record: the original AMI is where the instance was backed up. */
    @Test
    void theRecordedRegionIsTheOriginalsAlsoOnACopyInAnotherRegion() {
        Artifact copy = new Artifact("ebs-snapshot", "snap-copy", "us-west-2", "vol-1", Map.of("image.id",
                "ami-0aaaaaaaaaaaaaaaa", "image.region", REGION, "image.name", "web-2024-01"));
        Artifact beforeTheRegionWasRecorded = new Artifact("ebs-snapshot", "snap-old", "us-west-2", "vol-1",
                Map.of("image.id", "ami-0aaaaaaaaaaaaaaaa"));

        assertThat(assistant.recordedImage(List.of(copy))).containsExactlyEntriesOf(orderedMap(
                "id", "ami-0aaaaaaaaaaaaaaaa", "region", REGION, "name", "web-2024-01"));
        assertThat(assistant.recordedImage(List.of(beforeTheRegionWasRecorded))).containsEntry("region", "us-west-2");
    }

    @Test
    void knowsOnlyTheIdWhenTheAmiWasGoneAtBackupTimeAndNothingWithoutARecord() {
        Artifact onlyId = new Artifact("ebs-snapshot", "snap-1", REGION, "vol-1",
                Map.of("instance.imageId", "ami-0bbbbbbbbbbbbbbbb"));
        Artifact none = new Artifact("ebs-snapshot", "snap-2", REGION, "vol-2", Map.of("instanceId", "i-1"));

        assertThat(assistant.recordedImage(List.of(onlyId))).isEqualTo(Map.of("id", "ami-0bbbbbbbbbbbbbbbb", "region", REGION));
        assertThat(assistant.recordedImage(List.of(none))).isEmpty();
    }

    @Test
    void findsTheExactImageFirstThenSimilarOnesBestFirst() {
        String original = image("web-2024-01");
        String newer = image("web-2024-02");
        String unrelated = image("db-base");
        Map<String, String> recorded = recorded(original);

        List<Resource> exact = assistant.search(ctx, recorded, true);
        List<Resource> all = assistant.search(ctx, recorded, false);

        assertThat(exact).singleElement().satisfies(resource -> {
            assertThat(resource.type()).isEqualTo("ami");
            assertThat(resource.id()).isEqualTo(original);
            assertThat(resource.region()).isEqualTo(REGION);
            assertThat(resource.name()).isEqualTo("web-2024-01");
            assertThat(resource.attributes()).containsEntry("match", "exact").containsEntry("architecture", "x86_64");
        });
        assertThat(all).extracting(Resource::id).startsWith(original, newer).contains(unrelated);
        assertThat(all.subList(1, all.size())).allSatisfy(resource ->
                assertThat(resource.attributes()).containsEntry("match", "similar"));
        assertThat(all).extracting(Resource::id).doesNotHaveDuplicates();
    }

    @Test
    void aDeletedOriginalStillFindsImagesLikeIt() {
        String original = image("app-2023-11");
        String successor = image("app-2023-12");
        Map<String, String> recorded = recorded(original);
        ec2.deregisterImage(b -> b.imageId(original));

        assertThat(assistant.search(ctx, recorded, true)).isEmpty();
        assertThat(assistant.search(ctx, recorded, false)).extracting(Resource::id).first().isEqualTo(successor);
    }

    @Test
    void aWindowsOriginalFindsNoLinuxImages() {
        String linux = image("any-linux");
        Map<String, String> recorded = new LinkedHashMap<>(recorded(linux));
        recorded.put("id", "ami-0cccccccccccccccc");
        recorded.put("platform", "windows");

        assertThat(assistant.search(ctx, recorded, false)).extracting(Resource::id).doesNotContain(linux);
    }

    @Test
    void similarImagesHaveTheOriginalsArchitecture() {
        String x86 = image("tools-2026-01");
        // Asked for arm64: moto's RegisterImage records no architecture at all; either way it does not fit x86_64,
        // though its name is the original's (the name search alone would find it)
        String other = ec2.registerImage(b -> b.name("tools-2026-01").architecture("arm64")
                .rootDeviceName("/dev/xvda")).imageId();
        Map<String, String> armOriginal = new LinkedHashMap<>(recorded(x86));
        armOriginal.put("id", "ami-0dddddddddddddddd");
        armOriginal.put("architecture", "arm64");

        assertThat(assistant.search(ctx, recorded(x86), false)).extracting(Resource::id).startsWith(x86)
                .doesNotContain(other);
        assertThat(assistant.search(ctx, armOriginal, false)).as("no x86_64 image fits an arm64 original")
                .allSatisfy(resource -> assertThat(resource.attributes()).containsEntry("architecture", "arm64"));
    }

    @Test
    void eachImageFoundCarriesItsKernelAndRamDiskWhichTheirOptionsTakeFromIt() {
        // moto records no kernel or RAM disk for an image; an image as EC2 describes a paravirtual one with both
        Image paravirtual = Image.builder().imageId("ami-0eeeeeeeeeeeeeeee").name("pv-2014").kernelId("aki-88aa75e1")
                .ramdiskId("ari-1234abcd").virtualizationType("paravirtual").build();
        Image hvm = Image.builder().imageId("ami-0fffffffffffffffff").name("hvm-2026").virtualizationType("hvm").build();

        assertThat(Ec2AmiAssistant.resource(REGION, paravirtual, Ec2AmiAssistant.SIMILAR).attributes())
                .containsEntry(RecoveryOption.IMAGE_KERNELS.substring("images.".length()), "aki-88aa75e1")
                .containsEntry(RecoveryOption.IMAGE_RAMDISKS.substring("images.".length()), "ari-1234abcd");
        assertThat(Ec2AmiAssistant.resource(REGION, hvm, Ec2AmiAssistant.SIMILAR).attributes())
                .doesNotContainKeys("kernelId", "ramdiskId");
    }

    /** An image made as moto makes them from an instance: x86_64, paravirtual. */
    private static String image(String name) {
        String instance = ec2.runInstances(b -> b.imageId("ami-12345678").minCount(1).maxCount(1)).instances().get(0)
                .instanceId();
        return ec2.createImage(b -> b.instanceId(instance).name(name)).imageId();
    }

    /** What the EC2 backup records of an image, read back as the assistant hands it out. */
    private Map<String, String> recorded(String imageId) {
        Image image = ec2.describeImages(b -> b.imageIds(imageId)).images().get(0);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("image.id", image.imageId());
        details.put("image.name", image.name());
        details.put("image.architecture", image.architectureAsString());
        details.put("image.platform", "linux");
        details.put("image.virtualizationType", image.virtualizationTypeAsString());
        details.put("image.rootDeviceType", image.rootDeviceTypeAsString());
        details.put("image.rootDeviceName", image.rootDeviceName());
        details.put("image.ownerId", image.ownerId());
        return assistant.recordedImage(List.of(new Artifact("ebs-snapshot", "snap-x", REGION, "vol-x", details)));
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
