package io.haven.target.aurora;

import io.haven.api.target.Resource;
import io.haven.aws.artifact.ArtifactTags;
import io.haven.aws.rds.RdsTags;
import io.haven.aws.recovery.TagDetails;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** An Aurora DB cluster as a discovered {@link Resource}, and the facts its snapshots record. */
final class ClusterResources {

    static final String ENGINE = "engine";
    static final String ENGINE_VERSION = "engineVersion";
    static final String ENGINE_MODE = "engineMode";
    static final String PORT = "port";
    static final String SUBNET_GROUP = "subnetGroup";
    static final String CLUSTER_PARAMETER_GROUP = "clusterParameterGroup";
    static final String VPC_SECURITY_GROUPS = "vpcSecurityGroups";
    static final String MULTI_AZ = "multiAz";
    static final String READERS = "readers";
    static final String WRITER_INSTANCE_ID = "writerInstanceId";
    static final String INSTANCE_CLASS = "instanceClass";
    static final String ZONE = "zone";
    static final String PUBLICLY_ACCESSIBLE = "publiclyAccessible";

    private static final int BILLING_STEP_GIB = 10;

    private ClusterResources() {
    }

    /** Aurora engines are aurora, aurora-mysql and aurora-postgresql. */
    static boolean isAurora(DBCluster cluster) {
        return cluster.engine() != null && cluster.engine().toLowerCase(Locale.ROOT).startsWith("aurora");
    }

    static Resource resourceOf(DBCluster cluster, String region) {
        Map<String, String> tags = RdsTags.toMap(cluster.tagList());
        Map<String, String> attributes = new LinkedHashMap<>();
        putIfPresent(attributes, "engine", cluster.engine());
        putIfPresent(attributes, "status", cluster.status());
        putIfPresent(attributes, "allocatedGiB", cluster.allocatedStorage());
        if (cluster.allocatedStorage() != null) {
            attributes.put("billedGiB", String.valueOf(billedGiB(cluster.allocatedStorage())));
        }
        putIfPresent(attributes, "multiAz", cluster.multiAZ());
        attributes.put("members", String.valueOf(cluster.dbClusterMembers().size()));
        writerId(cluster).ifPresent(writer -> attributes.put("writer", writer));
        String name = tags.get(ArtifactTags.NAME);
        return new Resource(AuroraClusterTargetType.ID, cluster.dbClusterIdentifier(), region,
                name == null || name.isBlank() ? cluster.dbClusterIdentifier() : name, tags, attributes);
    }

    /**
     * Aurora storage counts for the licence in steps of 10 GiB, rounded up (guide 4.2.2): 11 GiB
     * count as 20. Note that AWS reports AllocatedStorage 1 for Aurora; the storage in use is a
     * CloudWatch metric (VolumeBytesUsed).
     */
    static long billedGiB(long allocatedGiB) {
        return (Math.max(allocatedGiB, 0) + BILLING_STEP_GIB - 1) / BILLING_STEP_GIB * BILLING_STEP_GIB;
    }

    static Optional<String> writerId(DBCluster cluster) {
        return cluster.dbClusterMembers().stream()
                .filter(member -> Boolean.TRUE.equals(member.isClusterWriter()))
                .map(DBClusterMember::dbInstanceIdentifier)
                .findFirst();
    }

    /**
     * What recovery offers as defaults (guide 9.5: cluster and writer, class, port, zone, subnet group,
     * public access, and the settings a restore would otherwise reset), recorded with the snapshot
     * because the cluster may be gone by then. Lists are separated by spaces: snapshot tags, which
     * carry the details, allow no commas. The cluster's tags are added by {@link TagDetails}.
     */
    static Map<String, String> snapshotDetails(DBCluster cluster, Optional<DBInstance> writer) {
        Map<String, String> details = new LinkedHashMap<>();
        putIfPresent(details, ENGINE, cluster.engine());
        putIfPresent(details, ENGINE_VERSION, cluster.engineVersion());
        putIfPresent(details, ENGINE_MODE, cluster.engineMode());
        putIfPresent(details, PORT, cluster.port());
        putIfPresent(details, SUBNET_GROUP, cluster.dbSubnetGroup());
        putIfPresent(details, CLUSTER_PARAMETER_GROUP, cluster.dbClusterParameterGroup());
        String groups = cluster.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId)
                .collect(Collectors.joining(" "));
        if (!groups.isEmpty()) {
            details.put(VPC_SECURITY_GROUPS, groups);
        }
        putIfPresent(details, MULTI_AZ, cluster.multiAZ());
        if (cluster.allocatedStorage() != null) {
            details.put("billedGiB", String.valueOf(billedGiB(cluster.allocatedStorage())));
        }
        List<DBClusterMember> members = cluster.dbClusterMembers();
        details.put(READERS, String.valueOf(members.stream()
                .filter(member -> !Boolean.TRUE.equals(member.isClusterWriter())).count()));
        writer.ifPresent(instance -> {
            putIfPresent(details, WRITER_INSTANCE_ID, instance.dbInstanceIdentifier());
            putIfPresent(details, INSTANCE_CLASS, instance.dbInstanceClass());
            putIfPresent(details, ZONE, instance.availabilityZone());
            putIfPresent(details, PUBLICLY_ACCESSIBLE, instance.publiclyAccessible());
        });
        return details;
    }

    private static void putIfPresent(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
