package io.haven.recovery.ec2;

import io.haven.api.permission.Feature;
import io.haven.api.permission.PermissionNeeds;
import io.haven.aws.iam.AwsPermissionNeeds;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** What recovering EC2 instances and EBS volumes calls in AWS, the root-volume swap included (docs/iam holds the same lists as policies). */
@Component(service = PermissionNeeds.class)
public final class Ec2RecoveryPermissions extends AwsPermissionNeeds {

    public Ec2RecoveryPermissions() {
        super(new Feature("ec2-instance.recovery", "Recover EC2 instances and EBS volumes", false, List.of(
                "ec2:DescribeAvailabilityZones", "ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots",
                "ec2:DescribeImages", "ec2:DescribeKeyPairs", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets",
                "ec2:DescribeNetworkInterfaces", "ec2:RegisterImage", "ec2:DeregisterImage", "ec2:RunInstances",
                "ec2:StopInstances", "ec2:StartInstances", "ec2:ModifyInstanceAttribute", "ec2:CreateVolume",
                "ec2:AttachVolume", "ec2:DetachVolume", "ec2:DeleteVolume", "ec2:CreateTags",
                // in another account: own copies of the shared snapshots to register an AMI from (decision 52)
                "ec2:CopySnapshot", "ec2:DeleteSnapshot",
                // launching with an instance profile; no harmless call can tell
                "iam:PassRole")));
    }
}
