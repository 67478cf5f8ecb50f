package io.haven.recovery.ec2;

import static io.haven.recovery.ec2.InstanceOptions.IMAGE_ID;
import static io.haven.recovery.ec2.InstanceOptions.KEY_NAME;
import static io.haven.recovery.ec2.InstanceOptions.PRIVATE_IP;
import static io.haven.recovery.ec2.InstanceOptions.ROOT_VOLUME;
import static io.haven.recovery.ec2.InstanceOptions.SECURITY_GROUPS;
import static io.haven.recovery.ec2.InstanceOptions.SUBNET_ID;
import static io.haven.recovery.ec2.InstanceOptions.ZONE;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.aws.recovery.RecoveryChoices;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.DeviceType;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * The checks of an instance recovery that need AWS: that the key pair, zone, subnet, security
 * groups and image exist, that the private address lies in the subnet and is free. As in
 * {@link LaunchSpec}, an explicit choice that fails is refused, while a default that no longer fits
 * (the original security groups after a change of VPC, the original address still in use) is dropped
 * with a note.
 */
final class LaunchChecks {

    /** The checked recovery, with the image to launch from when launching from an image. */
    record Checked(LaunchSpec spec, Optional<Image> image) {
    }

    private final Ec2Lookups lookups;
    private final RecoveryChoices choices;
    private final List<String> notes;
    /** The backup's own AMI when it may be shared with this account only after the check, else null. */
    private final String sharedAtStart;

    LaunchChecks(Ec2Lookups lookups, RecoveryChoices choices, List<String> notes, String sharedAtStart) {
        this.lookups = lookups;
        this.choices = choices;
        this.notes = notes;
        this.sharedAtStart = sharedAtStart;
    }

    Checked verify(LaunchSpec spec) {
        if (spec.keyName() != null && !lookups.keyPairExists(spec.keyName())) {
            throw new InvalidRecoveryException(KEY_NAME, "There is no key pair " + spec.keyName()
                    + "; choose another or leave keyName empty");
        }
        Optional<Image> image = Optional.empty();
        if (!spec.fromSnapshot()) {
            Optional<Image> described = lookups.image(spec.imageId());
            if (described.isEmpty() && spec.imageId().equals(sharedAtStart)) {
                // another account sees the backup's AMI once core has shared it, just before the start checks again
                return new Checked(spec.withNetwork(network(spec.network())), Optional.empty());
            }
            Image found = described.orElseThrow(() -> new InvalidRecoveryException(IMAGE_ID,
                    "AMI " + spec.imageId() + " does not exist here; the AMI assistant can find a similar one"));
            if (found.state() != ImageState.AVAILABLE) {
                throw new InvalidRecoveryException(IMAGE_ID, "AMI " + spec.imageId() + " is " + found.stateAsString()
                        + ", not available");
            }
            if (spec.rootReplacement() != null && found.rootDeviceType() == DeviceType.INSTANCE_STORE) {
                throw new InvalidRecoveryException(ROOT_VOLUME, "AMI " + spec.imageId() + " boots from instance"
                        + " store: its root cannot be replaced with the backup's volume; choose rootVolume=image");
            }
            image = Optional.of(found);
        }
        return new Checked(spec.withNetwork(network(spec.network())), image);
    }

    private Network network(Network network) {
        if (network.subnetId() == null) {
            if (network.zone() != null && !lookups.zoneExists(network.zone())) {
                throw new InvalidRecoveryException(ZONE, "There is no availability zone " + network.zone());
            }
            return network.withSecurityGroups(groups(network.securityGroups(), null));
        }
        Subnet subnet = lookups.subnet(network.subnetId()).orElseThrow(() -> new InvalidRecoveryException(SUBNET_ID,
                "Subnet " + network.subnetId() + " does not exist; choose another, or leave subnetId empty"));
        if (choices.isChosen(ZONE) && network.zone() != null && !network.zone().equals(subnet.availabilityZone())) {
            throw new InvalidRecoveryException(ZONE, "Subnet " + subnet.subnetId() + " is in "
                    + subnet.availabilityZone() + ", not " + network.zone());
        }
        return network.withZone(subnet.availabilityZone())
                .withPrivateIp(privateIp(network.privateIp(), subnet))
                .withSecurityGroups(groups(network.securityGroups(), subnet.vpcId()));
    }

    private String privateIp(String privateIp, Subnet subnet) {
        if (privateIp == null) {
            return null;
        }
        long address = Cidr.address(privateIp).orElseThrow();
        Cidr block = Cidr.parse(subnet.cidrBlock()).orElseThrow(() -> new IllegalStateException(
                "Subnet " + subnet.subnetId() + " has no IPv4 block"));
        String problem = null;
        if (!block.contains(address)) {
            problem = "is outside subnet " + subnet.subnetId() + " (" + subnet.cidrBlock() + ")";
        } else if (block.reserved(address)) {
            problem = "is one of the addresses AWS reserves in " + subnet.cidrBlock();
        } else {
            Optional<NetworkInterface> holder = lookups.interfaceWithAddress(subnet.subnetId(), privateIp);
            if (holder.isPresent()) {
                NetworkInterface eni = holder.get();
                problem = "is in use by " + eni.networkInterfaceId()
                        + (eni.attachment() != null && eni.attachment().instanceId() != null
                        ? " of instance " + eni.attachment().instanceId() : "");
            }
        }
        if (problem == null) {
            return privateIp;
        }
        if (choices.isChosen(PRIVATE_IP)) {
            throw new InvalidRecoveryException(PRIVATE_IP, "Private IP " + privateIp + " " + problem);
        }
        notes.add("The original private IP " + privateIp + " " + problem + ": AWS assigns one instead.");
        return null;
    }

    private List<String> groups(List<String> groupIds, String vpcId) {
        boolean chosen = choices.isChosen(SECURITY_GROUPS);
        List<String> kept = new ArrayList<>();
        for (String groupId : groupIds) {
            Optional<SecurityGroup> group = lookups.securityGroup(groupId);
            String problem = group.isEmpty() ? "does not exist"
                    : vpcId != null && !vpcId.equals(group.get().vpcId())
                    ? "belongs to " + group.get().vpcId() + ", not to the subnet's " + vpcId : null;
            if (problem == null) {
                kept.add(groupId);
            } else if (chosen) {
                throw new InvalidRecoveryException(SECURITY_GROUPS, "Security group " + groupId + " " + problem);
            } else {
                notes.add("The original security group " + groupId + " " + problem + ": it is left out.");
            }
        }
        if (!groupIds.isEmpty() && kept.isEmpty()) {
            notes.add("None of the original security groups apply: the VPC's default group is used.");
        }
        return kept;
    }
}
