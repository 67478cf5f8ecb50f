package io.haven.core.tags;

import io.haven.api.permission.Feature;
import io.haven.api.permission.PermissionNeeds;
import io.haven.aws.iam.AwsPermissionNeeds;
import org.osgi.service.component.annotations.Component;

/**
 * What tag scans call in AWS besides each type's describe, which its own backup feature lists: the account's
 * regions (guide 13, "all AWS regions"). docs/iam/backup-account.json holds it too.
 */
@Component(service = PermissionNeeds.class)
public final class TagScanPermissions extends AwsPermissionNeeds {

    public TagScanPermissions() {
        super(new Feature("haven.tag-scan", "Scan cpm backup tags in every region (list the account's regions)", true,
                java.util.List.of("ec2:DescribeRegions")));
    }
}
