package io.haven.target.dynamodb;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;

/**
 * The checked steps of one DynamoDB recovery.
 *
 * @param restore      the RestoreTableFromBackup request
 * @param tags         the tags the table gets once it is ACTIVE
 * @param ttlAttribute the attribute whose Time To Live is enabled once the table is ACTIVE
 */
record TableRestorePlan(RestoreTableFromBackupRequest restore, Map<String, String> tags, Optional<String> ttlAttribute) {
    TableRestorePlan {
        tags = Map.copyOf(tags);
    }
}
