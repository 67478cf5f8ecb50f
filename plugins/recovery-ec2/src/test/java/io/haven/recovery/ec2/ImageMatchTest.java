package io.haven.recovery.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.PlatformValues;

/** The AMI assistant's matching rule: which images can stand in for the original, and in what order. */
class ImageMatchTest {

    private static final Map<String, String> LINUX_X86 = Map.of("id", "ami-0aaaaaaaaaaaaaaa1", "name", "web-2026-01",
            "architecture", "x86_64", "platform", "linux", "virtualizationType", "hvm", "rootDeviceType", "ebs",
            "rootDeviceName", "/dev/xvda", "ownerId", "111122223333");

    @Test
    void anImageFitsWithTheOriginalsArchitectureAndPlatform() {
        assertThat(ImageMatch.fits(image("ami-1", "web-2026-02", "x86_64", null), LINUX_X86)).isTrue();
        assertThat(ImageMatch.fits(image("ami-2", "web-2026-02", "arm64", null), LINUX_X86)).as("another architecture")
                .isFalse();
        assertThat(ImageMatch.fits(image("ami-3", "web-2026-02", null, null), LINUX_X86)).as("architecture unknown")
                .isFalse();
        assertThat(ImageMatch.fits(image("ami-4", "web-2026-02", "x86_64", PlatformValues.WINDOWS), LINUX_X86))
                .as("Windows for a Linux original").isFalse();
        Map<String, String> windows = Map.of("id", "ami-0w", "architecture", "x86_64", "platform", "windows");
        assertThat(ImageMatch.fits(image("ami-5", "win", "x86_64", PlatformValues.WINDOWS), windows)).isTrue();
        assertThat(ImageMatch.fits(image("ami-6", "lin", "x86_64", null), windows)).as("Linux for Windows").isFalse();
        Map<String, String> onlyId = Map.of("id", "ami-0gone");
        assertThat(ImageMatch.fits(image("ami-7", "any", "arm64", null), onlyId))
                .as("nothing but the id recorded: any Linux image").isTrue();
    }

    @Test
    void theSameNameComesFirstThenTheLongestCommonPrefixThenTheNewest() {
        Image sameName = image("ami-a", "web-2026-01", "x86_64", null, "2026-01-01T00:00:00.000Z");
        Image newerBuild = image("ami-b", "web-2026-02", "x86_64", null, "2026-02-01T00:00:00.000Z");
        Image olderBuild = image("ami-c", "web-2025-12", "x86_64", null, "2025-12-01T00:00:00.000Z");
        Image unrelated = image("ami-d", "db-base", "x86_64", null, "2026-03-01T00:00:00.000Z");
        List<String> order = Stream.of(unrelated, olderBuild, newerBuild, sameName)
                .sorted(ImageMatch.bestFirst(LINUX_X86)).map(Image::imageId).toList();
        assertThat(order).containsExactly("ami-a", "ami-b", "ami-c", "ami-d");
    }

    private static Image image(String id, String name, String architecture, PlatformValues platform) {
        return image(id, name, architecture, platform, "2026-01-01T00:00:00.000Z");
    }

    private static Image image(String id, String name, String architecture, PlatformValues platform, String created) {
        return Image.builder().imageId(id).name(name).architecture(architecture).platform(platform)
                .virtualizationType("hvm").rootDeviceType("ebs").rootDeviceName("/dev/xvda").ownerId("111122223333")
                .creationDate(created).build();
    }
}
