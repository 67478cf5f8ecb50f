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
                "ec2:DeleteSnapshot")));
    }
}
