package io.haven.target.ebs;

import io.haven.api.permission.Feature;
import io.haven.api.permission.PermissionNeeds;
import io.haven.aws.iam.AwsPermissionNeeds;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** What backing up EBS volumes calls in AWS (docs/iam/backup-account.json holds the same). */
@Component(service = PermissionNeeds.class)
public final class EbsVolumePermissions extends AwsPermissionNeeds {

    public EbsVolumePermissions() {
        super(new Feature(EbsVolumeTargetType.ID + ".backup", "Back up EBS volumes", true, List.of(
                "ec2:DescribeAvailabilityZones", "ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:CreateSnapshot",
                "ec2:CreateTags", "ec2:DeleteSnapshot")));
    }
}
