package io.haven.recovery.ec2;

import io.haven.api.target.Artifact;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The original AMI of an instance as its backup recorded it ({@code image.*} details), as the AMI
 * assistant hands it out: keys {@value #ID}, {@value #REGION}, {@value #NAME}, {@value #DESCRIPTION},
 * {@value #ARCHITECTURE}, {@value #PLATFORM}, {@value #VIRTUALIZATION_TYPE}, {@value #ROOT_DEVICE_TYPE},
 * {@value #ROOT_DEVICE_NAME}, {@value #OWNER_ID}; missing facts are left out.
 */
final class RecordedImage {

    static final String ID = "id";
    static final String REGION = "region";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String ARCHITECTURE = "architecture";
    static final String PLATFORM = "platform";
    static final String VIRTUALIZATION_TYPE = "virtualizationType";
    static final String ROOT_DEVICE_TYPE = "rootDeviceType";
    static final String ROOT_DEVICE_NAME = "rootDeviceName";
    static final String OWNER_ID = "ownerId";

    private static final String PREFIX = "image.";
    private static final List<String> FACTS = List.of(ID, REGION, NAME, DESCRIPTION, ARCHITECTURE, PLATFORM,
            VIRTUALIZATION_TYPE, ROOT_DEVICE_TYPE, ROOT_DEVICE_NAME, OWNER_ID);

    private RecordedImage() {
    }

    /** The first recorded value of each fact over the artifacts; empty when none names the image. */
    static Map<String, String> of(List<Artifact> artifacts) {
        Map<String, String> image = new LinkedHashMap<>();
        for (Artifact artifact : artifacts) {
            for (String fact : FACTS) {
                String value = artifact.details().get(PREFIX + fact);
                if (value != null && !value.isBlank()) {
                    image.putIfAbsent(fact, value);
                }
            }
        }
        if (!image.containsKey(ID)) {
            // Only the id survives when the AMI was already gone at backup time.
            artifacts.stream().map(a -> a.details().get("instance.imageId")).filter(id -> id != null && !id.isBlank())
                    .findFirst().ifPresent(id -> image.put(ID, id));
        }
        if (image.isEmpty()) {
            return Map.of();
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put(ID, image.get(ID));
        // Recorded since 2026-12 (a DR copy carries it to other regions); before, the region the artifacts are in.
        ordered.put(REGION, image.getOrDefault(REGION, artifacts.get(0).region()));
        image.forEach(ordered::putIfAbsent);
        ordered.values().removeIf(value -> value == null);
        return ordered;
    }
}
