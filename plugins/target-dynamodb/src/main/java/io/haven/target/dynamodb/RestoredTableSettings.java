package io.haven.target.dynamodb;

import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryState;
import io.haven.api.target.Artifact;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * What a DynamoDB restore does not bring back and Haven re-applies once the restored table is
 * ACTIVE: its tags and its Time To Live. Recovery is stateless, so what is still to do travels in
 * the {@link RecoveredResource}'s details ({@value #PENDING_TAGS}, {@value #PENDING_TTL}), and
 * applying is idempotent: every poll of an ACTIVE table may do it again.
 */
final class RestoredTableSettings {

    /** The tags to apply, in {@link TagCodec}'s form. */
    static final String PENDING_TAGS = "pendingTags";
    /** The attribute whose Time To Live to enable. */
    static final String PENDING_TTL = "pendingTtl";
    /** Tag on every recovered table: the backup it was restored from. */
    static final String RECOVERED_FROM = "haven:recovered-from";
    /** Tags AWS manages (CloudFormation, ...): nobody may set them. */
    private static final String AWS_PREFIX = "aws:";
    /** TagResource takes at most this many tags per call. */
    private static final int TAGS_PER_CALL = 50;

    private RestoredTableSettings() {
    }

    /** The original's tags when {@code preserve}, and always {@value #RECOVERED_FROM}. */
    static Map<String, String> tagsFor(Artifact backup, boolean preserve) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (preserve) {
            TagCodec.decode(backup.detail(TableSettings.TAGS)).forEach((key, value) -> {
                if (!key.startsWith(AWS_PREFIX)) {
                    tags.put(key, value);
                }
            });
        }
        tags.put(RECOVERED_FROM, backup.id());
        return tags;
    }

    /** The details that tell {@link #apply} what to do. */
    static Map<String, String> pending(TableRestorePlan plan) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(PENDING_TAGS, TagCodec.encode(plan.tags()));
        plan.ttlAttribute().ifPresent(attribute -> details.put(PENDING_TTL, attribute));
        return details;
    }

    /**
     * Applies the pending tags and TTL to the ACTIVE table; READY when both are set, PENDING when
     * DynamoDB is not ready to take them yet.
     */
    static RecoveryState apply(DynamoDbClient dynamo, TableDescription table, RecoveredResource resource) {
        try {
            List<Tag> tags = TagCodec.decode(resource.details().get(PENDING_TAGS)).entrySet().stream()
                    .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
            for (int from = 0; from < tags.size(); from += TAGS_PER_CALL) {
                List<Tag> batch = tags.subList(from, Math.min(tags.size(), from + TAGS_PER_CALL));
                dynamo.tagResource(b -> b.resourceArn(table.tableArn()).tags(batch));
            }
            String attribute = resource.details().get(PENDING_TTL);
            if (attribute != null) {
                TimeToLiveStatus status = dynamo.describeTimeToLive(b -> b.tableName(table.tableName()))
                        .timeToLiveDescription().timeToLiveStatus();
                // enabling twice is an error, and DISABLING must end before TTL can be enabled
                if (status == TimeToLiveStatus.DISABLING) {
                    return RecoveryState.pending("ACTIVE; waiting for Time To Live to finish disabling");
                }
                if (status != TimeToLiveStatus.ENABLED && status != TimeToLiveStatus.ENABLING) {
                    dynamo.updateTimeToLive(b -> b.tableName(table.tableName())
                            .timeToLiveSpecification(ttl -> ttl.enabled(true).attributeName(attribute)));
                }
            }
            return RecoveryState.ready();
        } catch (ResourceInUseException | LimitExceededException e) {
            return RecoveryState.pending("ACTIVE; tags and Time To Live not applied yet: "
                    + e.awsErrorDetails().errorMessage());
        }
    }
}
