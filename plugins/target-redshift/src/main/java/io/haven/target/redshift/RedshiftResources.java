package io.haven.target.redshift;

import io.haven.api.target.Resource;
import io.haven.aws.artifact.ArtifactTags;
import io.haven.aws.recovery.TagDetails;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.redshift.model.Cluster;
import software.amazon.awssdk.services.redshift.model.ClusterParameterGroupStatus;
import software.amazon.awssdk.services.redshift.model.Tag;
import software.amazon.awssdk.services.redshift.model.VpcSecurityGroupMembership;

/** A Redshift cluster as a discovered {@link Resource}, the facts its snapshots record, and its tags. */
final class RedshiftResources {

    static final String NODE_TYPE = "nodeType";
    static final String NUMBER_OF_NODES = "numberOfNodes";
    static final String ZONE = "zone";
    static final String PORT = "port";
    static final String SUBNET_GROUP = "subnetGroup";
    static final String PUBLICLY_ACCESSIBLE = "publiclyAccessible";
    static final String PARAMETER_GROUP = "parameterGroup";
    static final String VPC_SECURITY_GROUPS = "vpcSecurityGroups";

    private RedshiftResources() {
    }

    static Resource resourceOf(Cluster cluster, String region) {
        Map<String, String> tags = toMap(cluster.tags());
        Map<String, String> attributes = new LinkedHashMap<>();
        putIfPresent(attributes, "nodeType", cluster.nodeType());
        putIfPresent(attributes, "numberOfNodes", cluster.numberOfNodes());
        putIfPresent(attributes, "status", cluster.clusterStatus());
        putIfPresent(attributes, "zone", cluster.availabilityZone());
        String name = tags.get(ArtifactTags.NAME);
        return new Resource(RedshiftClusterTargetType.ID, cluster.clusterIdentifier(), region,
                name == null || name.isBlank() ? cluster.clusterIdentifier() : name, tags, attributes);
    }

    /**
     * What recovery offers as defaults (guide 9.6: zone, node type and count, port, subnet group, and
     * the settings a restore would otherwise reset), recorded with the snapshot because the cluster
     * may be gone by then. Lists are separated by spaces: snapshot tags, which carry the details,
     * allow no commas. The cluster's tags are added by {@link TagDetails}.
     */
    static Map<String, String> snapshotDetails(Cluster cluster) {
        Map<String, String> details = new LinkedHashMap<>();
        putIfPresent(details, NODE_TYPE, cluster.nodeType());
        putIfPresent(details, NUMBER_OF_NODES, cluster.numberOfNodes());
        putIfPresent(details, ZONE, cluster.availabilityZone());
        putIfPresent(details, PORT, cluster.endpoint() == null ? null : cluster.endpoint().port());
        putIfPresent(details, SUBNET_GROUP, cluster.clusterSubnetGroupName());
        putIfPresent(details, PUBLICLY_ACCESSIBLE, cluster.publiclyAccessible());
        putIfPresent(details, PARAMETER_GROUP, cluster.clusterParameterGroups().stream()
                .map(ClusterParameterGroupStatus::parameterGroupName).findFirst().orElse(null));
        String groups = cluster.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId)
                .collect(Collectors.joining(" "));
        if (!groups.isEmpty()) {
            details.put(VPC_SECURITY_GROUPS, groups);
        }
        return details;
    }

    /** The tags as a map in AWS's order; a null list is empty, a null value is "". */
    static Map<String, String> toMap(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(tag -> map.put(tag.key(), tag.value() == null ? "" : tag.value()));
        }
        return map;
    }

    static List<Tag> toTags(Map<String, String> tags) {
        List<Tag> list = new ArrayList<>();
        tags.forEach((key, value) -> list.add(Tag.builder().key(key).value(value).build()));
        return list;
    }

    private static void putIfPresent(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
