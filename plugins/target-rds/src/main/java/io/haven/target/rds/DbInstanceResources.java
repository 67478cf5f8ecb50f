package io.haven.target.rds;

import io.haven.api.target.Resource;
import io.haven.aws.artifact.ArtifactTags;
import io.haven.aws.rds.RdsTags;
import io.haven.aws.recovery.TagDetails;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.OptionGroupMembership;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** An RDS DB instance as a discovered {@link Resource}, and the facts its snapshots record. */
final class DbInstanceResources {

    static final String ENGINE = "engine";
    static final String ENGINE_VERSION = "engineVersion";
    static final String SIZE_GIB = "sizeGiB";
    static final String ZONE = "zone";
    static final String INSTANCE_CLASS = "instanceClass";
    static final String MULTI_AZ = "multiAz";
    static final String PORT = "port";
    static final String SUBNET_GROUP = "subnetGroup";
    static final String PUBLICLY_ACCESSIBLE = "publiclyAccessible";
    static final String STORAGE_TYPE = "storageType";
    static final String IOPS = "iops";
    static final String PARAMETER_GROUP = "parameterGroup";
    static final String OPTION_GROUP = "optionGroup";
    static final String VPC_SECURITY_GROUPS = "vpcSecurityGroups";
    static final String AUTO_MINOR_VERSION_UPGRADE = "autoMinorVersionUpgrade";

    private DbInstanceResources() {
    }

    static Resource resourceOf(DBInstance db, String region) {
        Map<String, String> tags = RdsTags.toMap(db.tagList());
        Map<String, String> attributes = new LinkedHashMap<>();
        putIfPresent(attributes, "engine", db.engine());
        putIfPresent(attributes, "status", db.dbInstanceStatus());
        // AllocatedStorage is what the licence counts (guide 4.2)
        putIfPresent(attributes, "sizeGiB", db.allocatedStorage());
        putIfPresent(attributes, "zone", db.availabilityZone());
        putIfPresent(attributes, "multiAz", db.multiAZ());
        putIfPresent(attributes, "instanceClass", db.dbInstanceClass());
        String name = tags.get(ArtifactTags.NAME);
        return new Resource(RdsInstanceTargetType.ID, db.dbInstanceIdentifier(), region,
                name == null || name.isBlank() ? db.dbInstanceIdentifier() : name, tags, attributes);
    }

    /**
     * What recovery offers as defaults (guide 9.4: zone, class, port, Multi-AZ, subnet group, and the
     * other settings a restore would otherwise reset), recorded with the snapshot because the
     * instance may be gone by then. Lists are separated by spaces: snapshot tags, which carry the
     * details, allow no commas. The instance's tags are added by {@link TagDetails}.
     */
    static Map<String, String> snapshotDetails(DBInstance db) {
        Map<String, String> details = new LinkedHashMap<>();
        putIfPresent(details, ENGINE, db.engine());
        putIfPresent(details, ENGINE_VERSION, db.engineVersion());
        putIfPresent(details, SIZE_GIB, db.allocatedStorage());
        putIfPresent(details, ZONE, db.availabilityZone());
        putIfPresent(details, INSTANCE_CLASS, db.dbInstanceClass());
        putIfPresent(details, MULTI_AZ, db.multiAZ());
        putIfPresent(details, PORT, db.endpoint() == null ? db.dbInstancePort() : db.endpoint().port());
        putIfPresent(details, SUBNET_GROUP, db.dbSubnetGroup() == null ? null : db.dbSubnetGroup().dbSubnetGroupName());
        putIfPresent(details, PUBLICLY_ACCESSIBLE, db.publiclyAccessible());
        putIfPresent(details, STORAGE_TYPE, db.storageType());
        putIfPresent(details, IOPS, db.iops());
        putIfPresent(details, PARAMETER_GROUP, db.dbParameterGroups().stream()
                .map(DBParameterGroupStatus::dbParameterGroupName).findFirst().orElse(null));
        putIfPresent(details, OPTION_GROUP, db.optionGroupMemberships().stream()
                .map(OptionGroupMembership::optionGroupName).findFirst().orElse(null));
        String groups = db.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId)
                .collect(Collectors.joining(" "));
        if (!groups.isEmpty()) {
            details.put(VPC_SECURITY_GROUPS, groups);
        }
        putIfPresent(details, AUTO_MINOR_VERSION_UPGRADE, db.autoMinorVersionUpgrade());
        return details;
    }

    private static void putIfPresent(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
