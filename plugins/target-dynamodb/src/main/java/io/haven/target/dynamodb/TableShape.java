package io.haven.target.dynamodb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The table's capacity, indexes and stream as artifact details, so that recovery can offer the
 * billing mode and throughput as defaults and remind the user of what a restore leaves out:
 * <ul>
 *   <li>{@value #BILLING_MODE}: PROVISIONED or PAY_PER_REQUEST</li>
 *   <li>{@value #READ_CAPACITY}, {@value #WRITE_CAPACITY}: the table's provisioned throughput, when PROVISIONED</li>
 *   <li>{@value #GLOBAL_INDEXES}, {@value #LOCAL_INDEXES}: index names, comma-separated</li>
 *   <li>{@value #STREAM_VIEW_TYPE}: the stream's view type, when the table has a stream</li>
 * </ul>
 */
final class TableShape {

    static final String BILLING_MODE = "billingMode";
    static final String READ_CAPACITY = "readCapacity";
    static final String WRITE_CAPACITY = "writeCapacity";
    static final String GLOBAL_INDEXES = "globalIndexes";
    static final String LOCAL_INDEXES = "localIndexes";
    static final String STREAM_VIEW_TYPE = "streamViewType";

    private TableShape() {
    }

    static Map<String, String> details(TableDescription table) {
        Map<String, String> details = new LinkedHashMap<>();
        // AWS leaves BillingModeSummary out for tables that were always provisioned
        BillingMode mode = table.billingModeSummary() == null || table.billingModeSummary().billingMode() == null
                ? BillingMode.PROVISIONED : table.billingModeSummary().billingMode();
        details.put(BILLING_MODE, mode.toString());
        if (mode == BillingMode.PROVISIONED && table.provisionedThroughput() != null) {
            putIfPresent(details, READ_CAPACITY, table.provisionedThroughput().readCapacityUnits());
            putIfPresent(details, WRITE_CAPACITY, table.provisionedThroughput().writeCapacityUnits());
        }
        putList(details, GLOBAL_INDEXES, table.globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName).toList());
        putList(details, LOCAL_INDEXES, table.localSecondaryIndexes().stream()
                .map(LocalSecondaryIndexDescription::indexName).toList());
        if (table.streamSpecification() != null && Boolean.TRUE.equals(table.streamSpecification().streamEnabled())) {
            putIfPresent(details, STREAM_VIEW_TYPE, table.streamSpecification().streamViewTypeAsString());
        }
        return details;
    }

    private static void putList(Map<String, String> details, String key, List<String> names) {
        if (!names.isEmpty()) {
            details.put(key, names.stream().collect(Collectors.joining(",")));
        }
    }

    private static void putIfPresent(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, value.toString());
        }
    }
}
