package io.haven.recovery.ec2;

import io.haven.api.recovery.AmiAssistant;
import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import io.haven.api.target.Resource;
import io.haven.aws.ec2.Ec2Tags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * The AMI assistant (guide 9.2.3): shows the instance's original AMI as the backup recorded it
 * (keys of {@link RecordedImage}) and finds it, or images like it, in a region. Similar images are
 * those of the account, of Amazon and of the original's owner that have the same name, or the same
 * virtualization type and root device type, and that can launch the instance: the same architecture and
 * platform ({@link ImageMatch#fits}); best matches first.
 */
@Component(service = AmiAssistant.class)
public final class Ec2AmiAssistant implements AmiAssistant {

    static final String TYPE = "ami";
    static final String MATCH = "match";
    static final String EXACT = "exact";
    static final String SIMILAR = "similar";

    /** Results handed back at most; the attribute search reads at most two pages of 1000 images. */
    private static final int MAX_RESULTS = 100;
    private static final int PAGE = 1000;
    private static final int MAX_PAGES = 2;

    @Override
    public Map<String, String> recordedImage(List<Artifact> instanceArtifacts) {
        return RecordedImage.of(instanceArtifacts);
    }

    @Override
    public List<Resource> search(CloudContext ctx, Map<String, String> recordedImage, boolean exactOnly) {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        List<Resource> results = new ArrayList<>();
        Optional<Image> exact = Optional.ofNullable(recordedImage.get(RecordedImage.ID))
                .flatMap(id -> new Ec2Lookups(ec2).image(id));
        exact.ifPresent(image -> results.add(resource(ctx.region(), image, EXACT)));
        if (exactOnly) {
            return results;
        }
        Map<String, Image> similar = new LinkedHashMap<>();
        String name = recordedImage.get(RecordedImage.NAME);
        if (name != null) {
            collect(ec2, request(recordedImage, List.of(filter("name", name)), null), 1, similar);
        }
        if (recordedImage.get(RecordedImage.ARCHITECTURE) != null) {
            collect(ec2, request(recordedImage, attributeFilters(recordedImage), PAGE), MAX_PAGES, similar);
        }
        exact.ifPresent(image -> similar.remove(image.imageId()));
        similar.values().stream()
                // The name search does not filter on architecture, and EC2 filters on platform=windows only
                .filter(image -> ImageMatch.fits(image, recordedImage))
                .sorted(ImageMatch.bestFirst(recordedImage))
                .limit(MAX_RESULTS - results.size())
                .forEach(image -> results.add(resource(ctx.region(), image, SIMILAR)));
        return results;
    }

    private static void collect(Ec2Client ec2, DescribeImagesRequest request, int pages, Map<String, Image> into) {
        ec2.describeImagesPaginator(request).stream().limit(pages)
                .flatMap(page -> page.images().stream())
                .forEach(image -> into.putIfAbsent(image.imageId(), image));
    }

    private static DescribeImagesRequest request(Map<String, String> recorded, List<Filter> filters, Integer pageSize) {
        List<String> owners = new ArrayList<>(List.of("self", "amazon"));
        String owner = recorded.get(RecordedImage.OWNER_ID);
        if (owner != null && !owners.contains(owner)) {
            owners.add(owner);
        }
        List<Filter> all = new ArrayList<>(filters);
        all.add(filter("state", "available"));
        return DescribeImagesRequest.builder().owners(owners).filters(all).maxResults(pageSize).build();
    }

    private static List<Filter> attributeFilters(Map<String, String> recorded) {
        List<Filter> filters = new ArrayList<>();
        filters.add(filter("architecture", recorded.get(RecordedImage.ARCHITECTURE)));
        Optional.ofNullable(recorded.get(RecordedImage.VIRTUALIZATION_TYPE))
                .ifPresent(value -> filters.add(filter("virtualization-type", value)));
        Optional.ofNullable(recorded.get(RecordedImage.ROOT_DEVICE_TYPE))
                .ifPresent(value -> filters.add(filter("root-device-type", value)));
        if ("windows".equalsIgnoreCase(recorded.get(RecordedImage.PLATFORM))) {
            filters.add(filter("platform", "windows"));
        }
        return filters;
    }

    static Resource resource(String region, Image image, String match) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(MATCH, match);
        put(attributes, RecordedImage.NAME, image.name());
        put(attributes, RecordedImage.DESCRIPTION, image.description());
        put(attributes, RecordedImage.OWNER_ID, image.ownerId());
        put(attributes, RecordedImage.ARCHITECTURE, image.architectureAsString());
        attributes.put(RecordedImage.PLATFORM, ImageMatch.platformOf(image));
        put(attributes, RecordedImage.VIRTUALIZATION_TYPE, image.virtualizationTypeAsString());
        put(attributes, RecordedImage.ROOT_DEVICE_TYPE, image.rootDeviceTypeAsString());
        put(attributes, RecordedImage.ROOT_DEVICE_NAME, image.rootDeviceName());
        put(attributes, "hypervisor", image.hypervisorAsString());
        // what the kernel and RAM disk options take from the image chosen (RecoveryOption.IMAGE_KERNELS)
        put(attributes, InstanceOptions.KERNEL_ID, image.kernelId());
        put(attributes, InstanceOptions.RAMDISK_ID, image.ramdiskId());
        put(attributes, "creationDate", image.creationDate());
        put(attributes, "state", image.stateAsString());
        Map<String, String> tags = Ec2Tags.toMap(image.tags());
        return new Resource(TYPE, image.imageId(), region, image.name() != null ? image.name() : Ec2Tags.nameOr(tags,
                image.imageId()), tags, attributes);
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }
}
