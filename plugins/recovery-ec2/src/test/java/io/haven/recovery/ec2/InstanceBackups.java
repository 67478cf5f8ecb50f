package io.haven.recovery.ec2;

import io.haven.api.target.Artifact;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.aws.ec2.EbsSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.PlatformValues;

/**
 * Backs up an instance as the ec2-instance target type does once it records instance facts: one
 * snapshot per EBS volume through {@link EbsSnapshots}, each with the detail keys the EC2 backup
 * plugin writes ({@code instanceId}, {@code device}, {@code instance.*}, {@code image.*},
 * {@code initialAmiId}). Used until that plugin's new details are installed.
 */
final class InstanceBackups {

    private InstanceBackups() {
    }

    static List<Artifact> snapshots(CloudContext ctx, String instanceId, String initialAmiId, Map<String, String> extra) {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        Instance instance = ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
        Map<String, String> facts = facts(ec2, instance, initialAmiId);
        facts.putAll(extra);
        BackupRequest request = new BackupRequest("b-" + instanceId, "nightly", "Haven backup",
                Map.of(HavenTags.BACKUP_ID, "b-" + instanceId, HavenTags.POLICY, "nightly"));
        List<Artifact> artifacts = new ArrayList<>();
        for (InstanceBlockDeviceMapping mapping : instance.blockDeviceMappings()) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("instanceId", instanceId);
            details.put("device", mapping.deviceName());
            details.putAll(facts);
            // moto leaves it out of DescribeVolumes; the instance's mapping has it
            details.put("volume.deleteOnTermination", String.valueOf(mapping.ebs().deleteOnTermination()));
            artifacts.add(EbsSnapshots.create(ctx, "ec2-instance", mapping.ebs().volumeId(), request, details));
        }
        return artifacts;
    }

    /** The artifact of an AMI-only backup: an AMI of the instance carrying the same facts. */
    static Artifact image(CloudContext ctx, String instanceId, String imageId) {
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        Instance instance = ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0).instances().get(0);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("instanceId", instanceId);
        details.putAll(facts(ec2, instance, null));
        return new Artifact("ami", imageId, ctx.region(), instanceId, details);
    }

    private static Map<String, String> facts(Ec2Client ec2, Instance instance, String initialAmiId) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (initialAmiId != null) {
            facts.put("initialAmiId", initialAmiId);
        }
        put(facts, "instance.type", instance.instanceTypeAsString());
        put(facts, "instance.architecture", instance.architectureAsString());
        put(facts, "instance.platform", instance.platform() == PlatformValues.WINDOWS ? "windows" : "linux");
        put(facts, "instance.zone", instance.placement().availabilityZone());
        put(facts, "instance.subnetId", instance.subnetId());
        put(facts, "instance.vpcId", instance.vpcId());
        put(facts, "instance.privateIp", instance.privateIpAddress());
        put(facts, "instance.keyName", instance.keyName());
        put(facts, "instance.securityGroups", instance.securityGroups().stream().map(GroupIdentifier::groupId)
                .collect(Collectors.joining(",")));
        put(facts, "instance.ebsOptimized", String.valueOf(instance.ebsOptimized()));
        put(facts, "instance.monitoring", instance.monitoring().stateAsString());
        put(facts, "instance.tenancy", instance.placement().tenancyAsString());
        put(facts, "instance.rootDevice", instance.rootDeviceName());
        put(facts, "instance.imageId", instance.imageId());
        image(ec2, instance.imageId()).ifPresent(image -> {
            put(facts, "image.id", image.imageId());
            put(facts, "image.name", image.name());
            put(facts, "image.architecture", image.architectureAsString());
            put(facts, "image.virtualizationType", image.virtualizationTypeAsString());
            put(facts, "image.rootDeviceType", image.rootDeviceTypeAsString());
            put(facts, "image.rootDeviceName", image.rootDeviceName());
            put(facts, "image.ownerId", image.ownerId());
        });
        instance.tags().forEach(tag -> facts.put("instance.tag." + tag.key(), tag.value()));
        return facts;
    }

    private static Optional<Image> image(Ec2Client ec2, String imageId) {
        try {
            return ec2.describeImages(b -> b.imageIds(imageId)).images().stream().findFirst();
        } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
            return Optional.empty();
        }
    }

    private static void put(Map<String, String> facts, String key, String value) {
        if (value != null && !value.isBlank() && !"null".equals(value)) {
            facts.put(key, value);
        }
    }
}
