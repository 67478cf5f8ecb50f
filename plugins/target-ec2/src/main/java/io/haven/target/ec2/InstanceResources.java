package io.haven.target.ec2;

import io.haven.api.target.Resource;
import io.haven.aws.ec2.Ec2Tags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;

/** An EC2 instance as a discovered {@link Resource}, and its attached EBS volumes. */
final class InstanceResources {

    private InstanceResources() {
    }

    static Resource resourceOf(Instance instance, String region) {
        Map<String, String> tags = Ec2Tags.toMap(instance.tags());
        Map<String, String> attributes = new LinkedHashMap<>();
        putIfPresent(attributes, "state", instance.state() == null ? null : instance.state().nameAsString());
        putIfPresent(attributes, "instanceType", instance.instanceTypeAsString());
        putIfPresent(attributes, "zone", instance.placement() == null ? null : instance.placement().availabilityZone());
        attributes.put("platform", Platforms.of(instance.platformAsString()));
        putIfPresent(attributes, "rootDevice", instance.rootDeviceName());
        attributes.put("devices", ebsVolumes(instance).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(",")));
        return new Resource(Ec2InstanceTargetType.ID, instance.instanceId(), region,
                Ec2Tags.nameOr(tags, instance.instanceId()), tags, attributes);
    }

    /** Device name to EBS volume id, in the instance's order; instance-store devices are left out. */
    static Map<String, String> ebsVolumes(Instance instance) {
        Map<String, String> volumes = new LinkedHashMap<>();
        for (InstanceBlockDeviceMapping mapping : instance.blockDeviceMappings()) {
            if (mapping.ebs() != null && mapping.ebs().volumeId() != null) {
                volumes.put(mapping.deviceName(), mapping.ebs().volumeId());
            }
        }
        return volumes;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
