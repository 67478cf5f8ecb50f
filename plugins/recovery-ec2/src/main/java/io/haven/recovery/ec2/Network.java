package io.haven.recovery.ec2;

import java.util.List;

/**
 * Where the instances go: a zone, or a subnet (whose zone then wins), with an optional fixed private
 * address, security groups and public-IP choice.
 *
 * @param assignPublicIp null: as the subnet says
 */
record Network(String zone, String subnetId, String privateIp, List<String> securityGroups, Boolean assignPublicIp) {

    Network {
        securityGroups = List.copyOf(securityGroups);
    }

    Network withZone(String newZone) {
        return new Network(newZone, subnetId, privateIp, securityGroups, assignPublicIp);
    }

    Network withPrivateIp(String newPrivateIp) {
        return new Network(zone, subnetId, newPrivateIp, securityGroups, assignPublicIp);
    }

    Network withSecurityGroups(List<String> groups) {
        return new Network(zone, subnetId, privateIp, groups, assignPublicIp);
    }
}
