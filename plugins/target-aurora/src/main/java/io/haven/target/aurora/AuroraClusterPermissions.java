package io.haven.target.aurora;

import io.haven.api.permission.Feature;
import io.haven.api.permission.PermissionNeeds;
import io.haven.aws.iam.AwsPermissionNeeds;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * What backing up Aurora clusters, copying their snapshots to other regions of the account for disaster recovery
 * (docs/dr.md) and recovering them call in AWS (docs/iam holds the same lists as policies).
 */
@Component(service = PermissionNeeds.class)
public final class AuroraClusterPermissions extends AwsPermissionNeeds {

    public AuroraClusterPermissions() {
        super(new Feature(AuroraClusterTargetType.ID + ".backup", "Back up Aurora clusters", true, List.of(
                "rds:DescribeDBClusters", "rds:DescribeDBInstances", "rds:DescribeDBClusterSnapshots",
                "rds:CreateDBClusterSnapshot", "rds:AddTagsToResource", "rds:ListTagsForResource",
                "rds:DeleteDBClusterSnapshot")),
                // startCopy, findCopies, poll and delete in the destination (tags given at creation); CopyKeys in both
                new Feature(AuroraClusterTargetType.ID + ".dr", "Copy Aurora cluster snapshots to other regions "
                + "(disaster recovery)", false, List.of("rds:DescribeDBClusterSnapshots", "kms:ListAliases",
                "rds:CopyDBClusterSnapshot", "rds:AddTagsToResource", "rds:ListTagsForResource",
                "rds:DeleteDBClusterSnapshot")),
                // cross-account DR (guide 11): share in the backup account, copy, find, poll and tag in the DR
                // account, and delete there unless it may not delete snapshots
                new Feature(AuroraClusterTargetType.ID + ".dr-share", "Share Aurora cluster snapshots with a DR account",
                false, List.of("rds:ModifyDBClusterSnapshotAttribute")),
                new Feature(AuroraClusterTargetType.ID + ".dr-account", "Copy shared Aurora cluster snapshots into this "
                + "DR account", true, List.of("rds:DescribeDBClusterSnapshots", "kms:ListAliases",
                "rds:CopyDBClusterSnapshot", "rds:AddTagsToResource", "rds:ListTagsForResource"), true),
                // recovery in a backup account from the DR account's copies (guide 10.5): shared back from here
                new Feature(AuroraClusterTargetType.ID + ".dr-account-share", "Share Aurora cluster snapshot "
                + "copies with a backup account to recover there", false,
                List.of("rds:ModifyDBClusterSnapshotAttribute"), true),
                new Feature(AuroraClusterTargetType.ID + ".dr-account-delete", "Delete Aurora cluster snapshot copies in "
                + "this DR account (not when it may not delete snapshots)", false,
                List.of("rds:DeleteDBClusterSnapshot"), true),
                new Feature(AuroraClusterTargetType.ID + ".recovery", "Recover Aurora clusters", false, List.of(
                "rds:DescribeDBClusters", "rds:DescribeDBInstances", "rds:DescribeDBClusterSnapshots",
                "rds:DescribeDBSubnetGroups", "rds:DescribeDBClusterParameterGroups", "rds:DescribeEvents",
                "rds:RestoreDBClusterFromSnapshot", "rds:CreateDBInstance", "rds:AddTagsToResource")));
    }
}
