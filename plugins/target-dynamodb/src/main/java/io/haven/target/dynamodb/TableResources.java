package io.haven.target.dynamodb;

import io.haven.api.target.Resource;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** A DynamoDB table as a discovered {@link Resource}. */
final class TableResources {

    /** Storage as counted against a limit: in 10 GiB steps (guide 4.2). */
    static final String BILLED_GIB = "billedGiB";

    private static final long TEN_GIB = 10L * 1024 * 1024 * 1024;

    private TableResources() {
    }

    static Resource resourceOf(TableDescription table, Map<String, String> tags, String region) {
        Map<String, String> attributes = new LinkedHashMap<>();
        putIfPresent(attributes, "status", table.tableStatusAsString());
        putIfPresent(attributes, "sizeBytes", table.tableSizeBytes());
        putIfPresent(attributes, "itemCount", table.itemCount());
        if (table.tableSizeBytes() != null) {
            attributes.put(BILLED_GIB, String.valueOf(billedGiB(table.tableSizeBytes())));
        }
        String name = tags.get("Name");
        return new Resource(DynamoDbTableTargetType.ID, table.tableName(), region,
                name == null || name.isBlank() ? table.tableName() : name, tags, attributes);
    }

    /** Table storage counts for the licence in steps of 10 GiB, rounded up (guide 4.2): 11 GiB count as 20. */
    static long billedGiB(long sizeBytes) {
        if (sizeBytes <= 0) {
            return 0;
        }
        return ((sizeBytes - 1) / TEN_GIB + 1) * 10;
    }

    private static void putIfPresent(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
