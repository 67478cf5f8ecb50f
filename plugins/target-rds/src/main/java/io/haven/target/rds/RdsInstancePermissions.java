package io.haven.target.rds;

import io.haven.api.permission.Feature;
import io.haven.api.permission.PermissionNeeds;
import io.haven.aws.iam.AwsPermissionNeeds;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * What backing up RDS instances, copying their snapshots to other regions of the account for disaster recovery
 * (docs/dr.md) and recovering them call in AWS (docs/iam holds the same lists as policies).
 */
@Component(service = PermissionNeeds.class)
public final class RdsInstancePermissions extends AwsPermissionNeeds {

    public RdsInstancePermissions() {
        super(new Feature(RdsInstanceTargetType.ID + ".backup", "Back up RDS instances", true, List.of(
                "rds:DescribeDBInstances", "rds:DescribeDBSnapshots", "rds:CreateDBSnapshot", "rds:AddTagsToResource",
                "rds:ListTagsForResource", "rds:DeleteDBSnapshot")),
                // startCopy, findCopies, poll and delete in the destination (tags given at creation); CopyKeys in both
                new Feature(RdsInstanceTargetType.ID + ".dr", "Copy RDS snapshots to other regions (disaster recovery)",
                false, List.of("rds:DescribeDBSnapshots", "kms:ListAliases", "rds:CopyDBSnapshot",
                "rds:AddTagsToResource", "rds:ListTagsForResource", "rds:DeleteDBSnapshot")),
                // cross-account DR (guide 11): share in the backup account, copy, find, poll and tag in the DR
                // account, and delete there unless it may not delete snapshots
                new Feature(RdsInstanceTargetType.ID + ".dr-share", "Share RDS snapshots with a DR account", false,
                List.of("rds:ModifyDBSnapshotAttribute")),
                new Feature(RdsInstanceTargetType.ID + ".dr-account", "Copy shared RDS snapshots into this DR account",
                true, List.of("rds:DescribeDBSnapshots", "kms:ListAliases", "rds:CopyDBSnapshot",
                "rds:AddTagsToResource", "rds:ListTagsForResource"), true),
                // recovery in a backup account from the DR account's copies (guide 10.5): shared back from here
                new Feature(RdsInstanceTargetType.ID + ".dr-account-share", "Share RDS snapshot copies with a backup "
                + "account to recover there", false, List.of("rds:ModifyDBSnapshotAttribute"), true),
                new Feature(RdsInstanceTargetType.ID + ".dr-account-delete", "Delete RDS snapshot copies in this DR "
                + "account (not when it may not delete snapshots)", false, List.of("rds:DeleteDBSnapshot"), true),
                new Feature(RdsInstanceTargetType.ID + ".recovery", "Recover RDS instances", false, List.of(
                "rds:DescribeDBInstances", "rds:DescribeDBSnapshots", "rds:DescribeDBSubnetGroups",
                "rds:DescribeDBParameterGroups", "rds:DescribeEvents", "rds:RestoreDBInstanceFromDBSnapshot",
                "rds:AddTagsToResource")));
    }
}
