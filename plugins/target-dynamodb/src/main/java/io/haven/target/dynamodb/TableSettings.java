package io.haven.target.dynamodb;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;

/**
 * The table settings that a DynamoDB restore does not bring back and Haven re-applies (guide 9):
 * its tags and its Time To Live, as artifact details:
 * <ul>
 *   <li>{@value #TAGS}: the tags in {@link TagCodec}'s form, {@code key=value;key=value}</li>
 *   <li>{@value #TTL_STATUS}: ENABLED, DISABLED, ENABLING or DISABLING</li>
 *   <li>{@value #TTL_ATTRIBUTE}: the TTL attribute's name, when TTL has one</li>
 * </ul>
 */
final class TableSettings {

    static final String TAGS = "tags";
    static final String TTL_STATUS = "ttlStatus";
    static final String TTL_ATTRIBUTE = "ttlAttribute";

    private TableSettings() {
    }

    /** @throws software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException when the table is gone */
    static Map<String, String> details(DynamoDbClient dynamo, String tableName, String tableArn) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(TAGS, TagCodec.encode(tags(dynamo, tableArn)));
        TimeToLiveDescription ttl = dynamo.describeTimeToLive(b -> b.tableName(tableName)).timeToLiveDescription();
        if (ttl != null && ttl.timeToLiveStatus() != null) {
            details.put(TTL_STATUS, ttl.timeToLiveStatusAsString());
        }
        if (ttl != null && ttl.attributeName() != null) {
            details.put(TTL_ATTRIBUTE, ttl.attributeName());
        }
        return details;
    }

    /** All of the table's tags (ListTagsOfResource pages with NextToken). */
    static Map<String, String> tags(DynamoDbClient dynamo, String tableArn) {
        Map<String, String> tags = new LinkedHashMap<>();
        String next = null;
        do {
            String token = next;
            ListTagsOfResourceResponse page = dynamo.listTagsOfResource(b -> b.resourceArn(tableArn).nextToken(token));
            for (Tag tag : page.tags()) {
                tags.put(tag.key(), tag.value() == null ? "" : tag.value());
            }
            next = page.nextToken();
        } while (next != null);
        return tags;
    }
}
