package io.haven.rest.testing;

import io.haven.api.model.Caller;
import io.haven.api.permission.FeatureCheck;
import io.haven.api.permission.PermissionCheckService;
import io.haven.api.permission.PermissionReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Answers one fixed report for the accounts of the fake account service; records who asked. */
public class FakePermissionCheckService implements PermissionCheckService {

    private final FakeAccountService accounts;
    public final List<String> calls = new ArrayList<>();

    public FakePermissionCheckService(FakeAccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public PermissionReport check(Caller caller, long accountId, String region) {
        accounts.get(caller, accountId); // 404 as the account service answers it
        calls.add(caller.user().username() + "|" + accountId + "|" + region);
        return new PermissionReport(accountId, "prod", region == null ? "us-east-1" : region,
                "arn:aws:iam::123456789012:user/haven", PermissionReport.PROBES,
                "IAM policy simulation of arn:aws:iam::123456789012:user/haven was refused (AccessDenied)",
                Instant.parse("2025-03-01T10:00:00Z"), List.of(
                new FeatureCheck("ebs-volume.backup", "Back up EBS volumes", true, List.of("ec2:DescribeVolumes"),
                        List.of("ec2:CreateSnapshot"), List.of()),
                new FeatureCheck("ec2-instance.recovery", "Recover EC2 instances and EBS volumes", false,
                        List.of("ec2:RunInstances"), List.of(), List.of("iam:PassRole"))));
    }
}
