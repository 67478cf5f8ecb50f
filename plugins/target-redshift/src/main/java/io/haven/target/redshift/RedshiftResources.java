package io.haven.target.redshift;

import io.haven.api.target.Resource;
import io.haven.aws.artifact.ArtifactTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.redshift.model.Cluster;
import software.amazon.awssdk.services.redshift.model.Tag;

/** A Redshift cluster as a discovered {@link Resource}, the facts its snapshots record, and its tags. */
final class RedshiftResources {

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
     * What recovery shows and offers as defaults (guide 9: zone, node type and count, port, subnet
     * group), recorded with the snapshot because the cluster may be gone by then.
     */
    static Map<String, String> snapshotDetails(Cluster cluster) {
        Map<String, String> details = new LinkedHashMap<>();
        putIfPresent(details, "nodeType", cluster.nodeType());
        putIfPresent(details, "numberOfNodes", cluster.numberOfNodes());
        putIfPresent(details, "zone", cluster.availabilityZone());
        putIfPresent(details, "port", cluster.endpoint() == null ? null : cluster.endpoint().port());
        putIfPresent(details, "subnetGroup", cluster.clusterSubnetGroupName());
        putIfPresent(details, "publiclyAccessible", cluster.publiclyAccessible());
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
