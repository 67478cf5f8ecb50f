package io.haven.target.rds;

import io.haven.api.target.Resource;
import io.haven.aws.artifact.ArtifactTags;
import io.haven.aws.rds.RdsTags;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.rds.model.DBInstance;

/** An RDS DB instance as a discovered {@link Resource}, and the facts its snapshots record. */
final class DbInstanceResources {

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
     * What recovery needs to offer the original settings as defaults (guide 9: zone, class, port,
     * Multi-AZ, subnet group), recorded with the snapshot because the instance may be gone by then.
     */
    static Map<String, String> snapshotDetails(DBInstance db) {
        Map<String, String> details = new LinkedHashMap<>();
        putIfPresent(details, "engine", db.engine());
        putIfPresent(details, "sizeGiB", db.allocatedStorage());
        putIfPresent(details, "zone", db.availabilityZone());
        putIfPresent(details, "instanceClass", db.dbInstanceClass());
        putIfPresent(details, "multiAz", db.multiAZ());
        putIfPresent(details, "port", db.endpoint() == null ? db.dbInstancePort() : db.endpoint().port());
        putIfPresent(details, "subnetGroup", db.dbSubnetGroup() == null ? null : db.dbSubnetGroup().dbSubnetGroupName());
        return details;
    }

    private static void putIfPresent(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
