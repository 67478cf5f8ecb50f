package io.haven.target.dynamodb;

import io.haven.api.permission.Feature;
import io.haven.api.permission.PermissionNeeds;
import io.haven.aws.iam.AwsPermissionNeeds;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** What backing up and recovering DynamoDB tables calls in AWS; RestoreTableFromBackup also needs the item actions (docs/iam holds the same lists as policies). */
@Component(service = PermissionNeeds.class)
public final class DynamoDbTablePermissions extends AwsPermissionNeeds {

    public DynamoDbTablePermissions() {
        super(new Feature(DynamoDbTableTargetType.ID + ".backup", "Back up DynamoDB tables", true, List.of(
                "dynamodb:ListTables", "dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive", "dynamodb:ListTagsOfResource",
                "dynamodb:CreateBackup", "dynamodb:DescribeBackup", "dynamodb:ListBackups", "dynamodb:DeleteBackup")),
                new Feature(DynamoDbTableTargetType.ID + ".recovery", "Recover DynamoDB tables", false, List.of(
                "dynamodb:DescribeTable", "dynamodb:DescribeBackup", "dynamodb:RestoreTableFromBackup",
                "dynamodb:UpdateTimeToLive", "dynamodb:TagResource", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchWriteItem")));
    }
}
