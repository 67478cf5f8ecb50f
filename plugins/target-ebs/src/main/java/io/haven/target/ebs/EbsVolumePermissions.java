package io.haven.target.ebs;

import io.haven.api.permission.Feature;
import io.haven.api.permission.PermissionNeeds;
import io.haven.aws.iam.AwsPermissionNeeds;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * What backing up EBS volumes and copying their snapshots to other regions of the account for disaster recovery
 * (docs/dr.md) call in AWS (docs/iam/backup-account.json holds the same).
 */
@Component(service = PermissionNeeds.class)
public final class EbsVolumePermissions extends AwsPermissionNeeds {

    public EbsVolumePermissions() {
        super(new Feature(EbsVolumeTargetType.ID + ".backup", "Back up EBS volumes", true, List.of(
                "ec2:DescribeAvailabilityZones", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:CreateSnapshot",
                "ec2:CreateTags", "ec2:DeleteSnapshot")),
                // EbsSnapshots.copy, findCopies, status and delete in the destination; CopyKeys in both regions
                new Feature(EbsVolumeTargetType.ID + ".dr", "Copy EBS volume snapshots to other regions (disaster recovery)",
                false, List.of("ec2:DescribeSnapshots", "kms:ListAliases", "ec2:CopySnapshot", "ec2:CreateTags",
                "ec2:DeleteSnapshot")),
                // cross-account DR (guide 11): share in the backup account ...
                new Feature(EbsVolumeTargetType.ID + ".dr-share", "Share EBS volume snapshots with a DR account",
                false, List.of("ec2:ModifySnapshotAttribute")),
                // ... copy, find, poll and tag (cpm_deleted) in the DR account ...
                new Feature(EbsVolumeTargetType.ID + ".dr-account", "Copy shared EBS volume snapshots into this DR "
                + "account", true, List.of("ec2:DescribeSnapshots", "kms:ListAliases", "ec2:CopySnapshot",
                "ec2:CreateTags"), true),
                // recovery in a backup account from the DR account's copies (guide 10.5): shared back from here
                new Feature(EbsVolumeTargetType.ID + ".dr-account-share", "Share EBS volume snapshot copies "
                + "with a backup account to recover there", false, List.of("ec2:ModifySnapshotAttribute"), true),
                // ... and delete there, unless the DR account may not delete snapshots
                new Feature(EbsVolumeTargetType.ID + ".dr-account-delete", "Delete EBS snapshot copies in this DR "
                + "account (not when it may not delete snapshots)", false, List.of("ec2:DeleteSnapshot"), true));
    }
}
