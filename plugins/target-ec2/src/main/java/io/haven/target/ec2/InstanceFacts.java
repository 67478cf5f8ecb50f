package io.haven.target.ec2;

import io.haven.aws.ec2.Ec2Tags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Placement;

/**
 * What recovery needs to offer defaults, recorded with every artifact at backup time: the instance's
 * settings ({@code instance.*}, among them termination protection, shutdown behaviour, hypervisor and
 * the instance-store mappings of its image; its tags as {@code instance.tag.KEY}) and its original AMI
 * as it was then ({@code image.*}), so that they survive the instance and the AMI. Values are cut to
 * {@value DetailLimits#MAX_VALUE} characters; the order is by importance, tags last.
 */
final class InstanceFacts {

    static final String INSTANCE = "instance.";
    static final String TAG = INSTANCE + "tag.";
    static final String IMAGE = "image.";

    private static final String AWS_TAG_PREFIX = "aws:";

    private InstanceFacts() {
    }

    /** The facts of the instance and, when it still exists, its original image. */
    static Map<String, String> of(Instance instance, Optional<Image> originalImage) {
        return of(instance, originalImage, InstanceAttributes.UNKNOWN, null);
    }

    /**
     * The same, with the settings only DescribeInstanceAttribute shows.
     *
     * @param region the instance's region, recorded as the image's: DR copies of the snapshots carry the record to
     *               other regions, where the AMI assistant still shows where the original AMI is
     */
    static Map<String, String> of(Instance instance, Optional<Image> originalImage, InstanceAttributes attributes,
                                  String region) {
        Map<String, String> facts = new LinkedHashMap<>();
        Placement placement = instance.placement();
        put(facts, INSTANCE + "type", instance.instanceTypeAsString());
        put(facts, INSTANCE + "architecture", instance.architectureAsString());
        put(facts, INSTANCE + "platform", Platforms.of(instance.platformAsString()));
        put(facts, INSTANCE + "zone", placement == null ? null : placement.availabilityZone());
        put(facts, INSTANCE + "subnetId", instance.subnetId());
        put(facts, INSTANCE + "vpcId", instance.vpcId());
        put(facts, INSTANCE + "privateIp", instance.privateIpAddress());
        put(facts, INSTANCE + "keyName", instance.keyName());
        put(facts, INSTANCE + "securityGroups", instance.securityGroups().stream()
                .map(GroupIdentifier::groupId).collect(Collectors.joining(",")));
        put(facts, INSTANCE + "ebsOptimized", instance.ebsOptimized() == null ? null : instance.ebsOptimized().toString());
        put(facts, INSTANCE + "monitoring", instance.monitoring() == null ? null : instance.monitoring().stateAsString());
        put(facts, INSTANCE + "tenancy", placement == null ? null : placement.tenancyAsString());
        put(facts, INSTANCE + "placementGroup", placement == null ? null : placement.groupName());
        put(facts, INSTANCE + "iamProfileArn", instance.iamInstanceProfile() == null ? null : instance.iamInstanceProfile().arn());
        put(facts, INSTANCE + "kernelId", idOrNull(instance.kernelId(), "aki-"));
        put(facts, INSTANCE + "ramdiskId", idOrNull(instance.ramdiskId(), "ari-"));
        put(facts, INSTANCE + "rootDevice", instance.rootDeviceName());
        put(facts, INSTANCE + "imageId", instance.imageId());
        put(facts, INSTANCE + "disableApiTermination", attributes.disableApiTermination());
        put(facts, INSTANCE + "shutdownBehaviour", attributes.shutdownBehaviour());
        put(facts, INSTANCE + "virtualizationType", instance.virtualizationTypeAsString());
        put(facts, INSTANCE + "hypervisor", instance.hypervisorAsString());
        // instance-store volumes are not listed by DescribeInstances: they come from the image's mappings
        originalImage.map(InstanceFacts::ephemeral).ifPresent(ephemeral -> put(facts, INSTANCE + "ephemeral", ephemeral));
        originalImage.ifPresent(image -> {
            put(facts, IMAGE + "id", image.imageId());
            put(facts, IMAGE + "region", region);
            put(facts, IMAGE + "name", image.name());
            put(facts, IMAGE + "description", image.description());
            put(facts, IMAGE + "architecture", image.architectureAsString());
            put(facts, IMAGE + "platform", Platforms.of(image.platformAsString()));
            put(facts, IMAGE + "virtualizationType", image.virtualizationTypeAsString());
            put(facts, IMAGE + "rootDeviceType", image.rootDeviceTypeAsString());
            put(facts, IMAGE + "rootDeviceName", image.rootDeviceName());
            put(facts, IMAGE + "ownerId", image.ownerId());
        });
        // aws: tags belong to AWS services (CloudFormation, Auto Scaling) and cannot be set on a recovered instance
        Ec2Tags.toMap(instance.tags()).forEach((key, value) -> {
            if (!key.startsWith(AWS_TAG_PREFIX)) {
                put(facts, TAG + key, value);
            }
        });
        return facts;
    }

    /** The image's instance-store mappings as {@code device:virtualName}, comma-separated (guide 9.2.2). */
    static String ephemeral(Image image) {
        return image.blockDeviceMappings().stream()
                .filter(mapping -> mapping.virtualName() != null && mapping.virtualName().startsWith("ephemeral"))
                .map(mapping -> mapping.deviceName() + ":" + mapping.virtualName())
                .collect(Collectors.joining(","));
    }

    private static void put(Map<String, String> facts, String key, String value) {
        DetailLimits.put(facts, key, value);
    }

    /** Only real ids: HVM instances have none, and some emulators write the text "None". */
    private static String idOrNull(String id, String prefix) {
        return id != null && id.startsWith(prefix) ? id : null;
    }
}
