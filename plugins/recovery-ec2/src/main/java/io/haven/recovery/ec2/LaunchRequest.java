package io.haven.recovery.ec2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/**
 * The RunInstances call of an instance recovery. MinCount is 1 and MaxCount the chosen count, so
 * that AWS starts as many as it can (guide 9.2.1: not all requested instances are guaranteed).
 */
final class LaunchRequest {

    private LaunchRequest() {
    }

    /**
     * @param image the image to launch from when launching from an image; its data devices may be replaced
     * @param clientToken the recovery's token for its launch: the same call again (an SDK retry, a resumed start)
     *                    never launches twice
     */
    static RunInstancesRequest of(LaunchSpec spec, String imageId, Image image, String clientToken) {
        Network network = spec.network();
        RunInstancesRequest.Builder request = RunInstancesRequest.builder()
                .imageId(imageId)
                .minCount(1)
                .maxCount(spec.count())
                .instanceType(spec.instanceType())
                .clientToken(clientToken)
                .keyName(spec.keyName())
                .instanceInitiatedShutdownBehavior(spec.shutdownBehaviour())
                .disableApiTermination(spec.disableApiTermination())
                .kernelId(spec.kernelId())
                .ramdiskId(spec.ramdiskId())
                .monitoring(m -> m.enabled(spec.monitoring()))
                .ebsOptimized(spec.ebsOptimized())
                .placement(p -> p.availabilityZone(network.subnetId() == null ? network.zone() : null)
                        .groupName(spec.placementGroup())
                        .tenancy(spec.tenancy()))
                .tagSpecifications(TagLists.specification(ResourceType.INSTANCE, spec.tags()));
        if (spec.userData() != null) {
            request.userData(Base64.getEncoder().encodeToString(spec.userData().getBytes(StandardCharsets.UTF_8)));
        }
        if (spec.iamProfile() != null) {
            request.iamInstanceProfile(profile(spec.iamProfile()));
        }
        if (network.assignPublicIp() != null) {
            // Only a network interface takes the public-IP choice; then subnet, groups and address go there too.
            request.networkInterfaces(InstanceNetworkInterfaceSpecification.builder()
                    .deviceIndex(0)
                    .subnetId(network.subnetId())
                    .groups(network.securityGroups().isEmpty() ? null : network.securityGroups())
                    .privateIpAddress(network.privateIp())
                    .associatePublicIpAddress(network.assignPublicIp())
                    .deleteOnTermination(true)
                    .build());
        } else {
            request.subnetId(network.subnetId())
                    .privateIpAddress(network.privateIp())
                    .securityGroupIds(network.securityGroups().isEmpty() ? null : network.securityGroups());
        }
        List<BlockDeviceMapping> mappings = new ArrayList<>();
        if (!spec.fromSnapshot()) {
            mappings.addAll(imageMappings(spec, image));
        }
        spec.ephemeral().forEach(ephemeral -> mappings.add(ephemeral.toBlockDeviceMapping()));
        if (!mappings.isEmpty()) {
            request.blockDeviceMappings(mappings);
        }
        return request.build();
    }

    /**
     * Launching from an image: the image's root (temporary when the backup's replaces it), the backup's
     * data volumes at their devices (replacing what the image maps there), and the image's other data
     * devices that the user chose not to recover left out.
     */
    private static List<BlockDeviceMapping> imageMappings(LaunchSpec spec, Image image) {
        List<BlockDeviceMapping> mappings = new ArrayList<>();
        if (spec.rootReplacement() != null && image != null) {
            temporaryRoot(image).ifPresent(mappings::add);
        }
        spec.volumes().forEach(volume -> mappings.add(volume.toBlockDeviceMapping()));
        if (image != null) {
            image.blockDeviceMappings().stream()
                    .filter(mapping -> mapping.ebs() != null
                            && !Devices.same(mapping.deviceName(), image.rootDeviceName())
                            && spec.excluded().stream().anyMatch(device -> Devices.same(device, mapping.deviceName()))
                            && spec.volumes().stream().noneMatch(v -> Devices.same(v.device(), mapping.deviceName())))
                    .forEach(mapping -> mappings.add(BlockDeviceMapping.builder()
                            .deviceName(mapping.deviceName()).noDevice("").build()));
        }
        return mappings;
    }

    /**
     * The image's root volume, which the backup's replaces after launch: as the image has it (its size,
     * the snapshot left to the image, as AWS allows for a root device, also of images shared with the
     * account) but deleted on termination, so that an instance terminated before the swap leaves no
     * volume behind.
     */
    private static Optional<BlockDeviceMapping> temporaryRoot(Image image) {
        return image.blockDeviceMappings().stream()
                .filter(mapping -> mapping.ebs() != null && Devices.same(mapping.deviceName(), image.rootDeviceName()))
                .findFirst()
                .map(mapping -> BlockDeviceMapping.builder().deviceName(mapping.deviceName())
                        .ebs(ebs -> ebs.volumeSize(mapping.ebs().volumeSize()).deleteOnTermination(true)).build());
    }

    private static IamInstanceProfileSpecification profile(String profile) {
        return profile.startsWith("arn:")
                ? IamInstanceProfileSpecification.builder().arn(profile).build()
                : IamInstanceProfileSpecification.builder().name(profile).build();
    }
}
