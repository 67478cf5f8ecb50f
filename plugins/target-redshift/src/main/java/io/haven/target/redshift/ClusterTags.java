package io.haven.target.redshift;

import io.haven.api.target.CloudContext;
import io.haven.aws.recovery.TagDetails;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.Tag;

/** Gives a restored cluster exactly the tags recovery chose. */
final class ClusterTags {

    private ClusterTags() {
    }

    /** The cluster's ARN, which CreateTags and DeleteTags take; Redshift does not return it. */
    static String arn(CloudContext ctx, String clusterId) {
        String region = ctx.region();
        String partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
        return "arn:" + partition + ":redshift:" + region + ":" + ctx.awsAccountId() + ":cluster:" + clusterId;
    }

    /**
     * Sets {@code wanted} and removes the other tags the restore gave the cluster: a restore may copy
     * the snapshot's tags, which are Haven's bookkeeping. Tags AWS manages ({@code aws:}) stay.
     */
    static void apply(RedshiftClient redshift, String arn, List<Tag> present, Map<String, String> wanted) {
        redshift.createTags(b -> b.resourceName(arn).tags(RedshiftResources.toTags(wanted)));
        List<String> unwanted = present.stream().map(Tag::key)
                .filter(key -> !wanted.containsKey(key) && !key.startsWith(TagDetails.AWS_PREFIX))
                .toList();
        if (!unwanted.isEmpty()) {
            redshift.deleteTags(b -> b.resourceName(arn).tagKeys(unwanted));
        }
    }
}
