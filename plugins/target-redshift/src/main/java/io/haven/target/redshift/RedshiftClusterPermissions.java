package io.haven.target.redshift;

import io.haven.api.permission.Feature;
import io.haven.api.permission.PermissionNeeds;
import io.haven.aws.iam.AwsPermissionNeeds;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** What backing up and recovering Redshift clusters calls in AWS (docs/iam holds the same lists as policies). */
@Component(service = PermissionNeeds.class)
public final class RedshiftClusterPermissions extends AwsPermissionNeeds {

    public RedshiftClusterPermissions() {
        super(new Feature(RedshiftClusterTargetType.ID + ".backup", "Back up Redshift clusters", true, List.of(
                "redshift:DescribeClusters", "redshift:DescribeClusterSnapshots", "redshift:CreateClusterSnapshot",
                "redshift:CreateTags", "redshift:DeleteClusterSnapshot")),
                new Feature(RedshiftClusterTargetType.ID + ".recovery", "Recover Redshift clusters", false, List.of(
                "redshift:DescribeClusters", "redshift:DescribeClusterSnapshots", "redshift:DescribeClusterSubnetGroups",
                "redshift:DescribeClusterParameterGroups", "redshift:RestoreFromClusterSnapshot", "redshift:CreateTags",
                "redshift:DeleteTags")));
    }
}
