package io.haven.recovery.ec2;

import static io.haven.recovery.ec2.RecordedImage.ARCHITECTURE;
import static io.haven.recovery.ec2.RecordedImage.DESCRIPTION;
import static io.haven.recovery.ec2.RecordedImage.NAME;
import static io.haven.recovery.ec2.RecordedImage.OWNER_ID;
import static io.haven.recovery.ec2.RecordedImage.PLATFORM;
import static io.haven.recovery.ec2.RecordedImage.ROOT_DEVICE_NAME;
import static io.haven.recovery.ec2.RecordedImage.ROOT_DEVICE_TYPE;
import static io.haven.recovery.ec2.RecordedImage.VIRTUALIZATION_TYPE;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.PlatformValues;

/**
 * How close an image comes to the recorded one: the same name counts most, then a long common name
 * prefix (a newer build of the same image family), then the same owner, architecture, platform,
 * virtualization and root device. Ties go to the newer image.
 */
final class ImageMatch {

    private static final int SAME_NAME = 100;
    private static final int MAX_PREFIX = 40;
    private static final int SAME_FACT = 10;
    private static final int SAME_DETAIL = 5;

    private ImageMatch() {
    }

    static int score(Image image, Map<String, String> recorded) {
        int score = 0;
        String name = recorded.get(NAME);
        if (name != null && image.name() != null) {
            score += name.equals(image.name()) ? SAME_NAME : Math.min(MAX_PREFIX, commonPrefix(name, image.name()));
        }
        score += same(recorded.get(OWNER_ID), image.ownerId(), SAME_FACT);
        score += same(recorded.get(ARCHITECTURE), image.architectureAsString(), SAME_FACT);
        score += same(platformOf(recorded.get(PLATFORM)), platformOf(image), SAME_FACT);
        score += same(recorded.get(VIRTUALIZATION_TYPE), image.virtualizationTypeAsString(), SAME_FACT);
        score += same(recorded.get(ROOT_DEVICE_TYPE), image.rootDeviceTypeAsString(), SAME_FACT);
        score += same(recorded.get(ROOT_DEVICE_NAME), image.rootDeviceName(), SAME_DETAIL);
        score += same(recorded.get(DESCRIPTION), image.description(), SAME_DETAIL);
        return score;
    }

    /**
     * Whether the image can stand in for the recorded one: the same platform (Windows or not) and, when the backup
     * recorded it, the same architecture (an image of another architecture cannot launch the instance's type). An
     * image whose architecture is not known is left out when the original's is.
     */
    static boolean fits(Image image, Map<String, String> recorded) {
        boolean windows = "windows".equalsIgnoreCase(recorded.get(PLATFORM));
        String architecture = recorded.get(ARCHITECTURE);
        return windows == "windows".equals(platformOf(image))
                && (architecture == null || architecture.equalsIgnoreCase(image.architectureAsString()));
    }

    /** Best first: highest score, then the newest, then by id so that the order is stable. */
    static Comparator<Image> bestFirst(Map<String, String> recorded) {
        return Comparator.comparingInt((Image image) -> score(image, recorded)).reversed()
                .thenComparing(Image::creationDate, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Image::imageId);
    }

    /** EC2 names only Windows; every other image is Linux/UNIX. */
    static String platformOf(Image image) {
        return image.platform() == PlatformValues.WINDOWS ? "windows" : "linux";
    }

    private static String platformOf(String recorded) {
        return recorded == null ? null : "windows".equalsIgnoreCase(recorded) ? "windows" : "linux";
    }

    private static int same(String recorded, String actual, int points) {
        return recorded != null && Objects.equals(recorded.toLowerCase(Locale.ROOT),
                actual == null ? null : actual.toLowerCase(Locale.ROOT)) ? points : 0;
    }

    private static int commonPrefix(String a, String b) {
        int length = Math.min(a.length(), b.length());
        int i = 0;
        while (i < length && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
