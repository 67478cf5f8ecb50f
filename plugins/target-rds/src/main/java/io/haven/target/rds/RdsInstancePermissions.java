package io.haven.target.rds;

import io.haven.api.permission.Feature;
import io.haven.api.permission.PermissionNeeds;
import io.haven.aws.iam.AwsPermissionNeeds;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** What backing up and recovering RDS instances calls in AWS (docs/iam holds the same lists as policies). */
@Component(service = PermissionNeeds.class)
public final class RdsInstancePermissions extends AwsPermissionNeeds {

    public RdsInstancePermissions() {
        super(new Feature(RdsInstanceTargetType.ID + ".backup", "Back up RDS instances", true, List.of(
                "rds:DescribeDBInstances", "rds:DescribeDBSnapshots", "rds:CreateDBSnapshot", "rds:AddTagsToResource",
                "rds:ListTagsForResource", "rds:DeleteDBSnapshot")),
                new Feature(RdsInstanceTargetType.ID + ".recovery", "Recover RDS instances", false, List.of(
                "rds:DescribeDBInstances", "rds:DescribeDBSnapshots", "rds:DescribeDBSubnetGroups",
                "rds:DescribeDBParameterGroups", "rds:DescribeEvents", "rds:RestoreDBInstanceFromDBSnapshot",
                "rds:AddTagsToResource")));
    }
}
