package io.haven.target.ec2;

import io.haven.api.permission.Feature;
import io.haven.api.permission.PermissionNeeds;
import io.haven.aws.iam.AwsPermissionNeeds;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * What backing up EC2 instances and copying their snapshots and AMIs to other regions of the account for disaster
 * recovery (docs/dr.md) call in AWS (docs/iam holds the same lists as policies).
 */
@Component(service = PermissionNeeds.class)
public final class Ec2InstancePermissions extends AwsPermissionNeeds {

    public Ec2InstancePermissions() {
        super(new Feature(Ec2InstanceTargetType.ID + ".backup", "Back up EC2 instances (snapshots and AMIs)", true, List.of(
                "ec2:DescribeAvailabilityZones", "ec2:DescribeInstances", "ec2:DescribeInstanceAttribute", "ec2:DescribeVolumes",
                "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:CreateSnapshot", "ec2:CreateSnapshots", "ec2:CreateImage",
                "ec2:CreateTags", "ec2:DeleteSnapshot", "ec2:DeregisterImage")),
                // EbsSnapshots.copy and AmiBackups.copy, their findCopies, status and delete in the destination;
                // CopyKeys in both regions
                new Feature(Ec2InstanceTargetType.ID + ".dr", "Copy EC2 instance snapshots and AMIs to other regions "
                + "(disaster recovery)", false, List.of("ec2:DescribeSnapshots", "ec2:DescribeImages", "kms:ListAliases",
                "ec2:CopySnapshot", "ec2:CopyImage", "ec2:CreateTags", "ec2:DeleteSnapshot", "ec2:DeregisterImage")),
                // cross-account DR (guide 11): share in the backup account (an AMI with its snapshots) ...
                new Feature(Ec2InstanceTargetType.ID + ".dr-share", "Share EC2 instance snapshots and AMIs with a DR "
                + "account", false, List.of("ec2:DescribeImages", "ec2:ModifySnapshotAttribute", "ec2:ModifyImageAttribute")),
                // ... copy, find, poll and tag (cpm_deleted) in the DR account ...
                new Feature(Ec2InstanceTargetType.ID + ".dr-account", "Copy shared EC2 instance snapshots and AMIs "
                + "into this DR account", true, List.of("ec2:DescribeSnapshots", "ec2:DescribeImages", "kms:ListAliases",
                "ec2:CopySnapshot", "ec2:CopyImage", "ec2:CreateTags"), true),
                // recovery in a backup account from the DR account's copies (guide 10.5): shared back from here
                new Feature(Ec2InstanceTargetType.ID + ".dr-account-share", "Share EC2 instance snapshot and "
                + "AMI copies with a backup account to recover there", false,
                List.of("ec2:DescribeImages", "ec2:ModifySnapshotAttribute", "ec2:ModifyImageAttribute"), true),
                // ... and delete there, unless the DR account may not delete snapshots
                new Feature(Ec2InstanceTargetType.ID + ".dr-account-delete", "Delete EC2 snapshot and AMI copies in "
                + "this DR account (not when it may not delete snapshots)", false,
                List.of("ec2:DeleteSnapshot", "ec2:DeregisterImage"), true));
    }
}
