package io.haven.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.permission.Decision;
import io.haven.api.target.CloudContext;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.redshift.RedshiftClient;

/** Every probe against moto, with moto checking IAM permissions the way AWS does. */
@ExtendWith(MotoExtension.class)
class AwsProbesTest {

    private static final String REGION = "eu-west-1";
    // sts:GetCallerIdentity: the probes name the account's own resources by ARN, which needs its number
    private static final Set<String> GRANTED = Set.of("ec2:DescribeVolumes", "ec2:CreateSnapshot", "ec2:RunInstances",
            "rds:DescribeDBSnapshots", "rds:CreateDBClusterSnapshot", "redshift:DeleteTags", "dynamodb:CreateBackup",
            "dynamodb:BatchWriteItem", "sts:GetCallerIdentity");

    private MotoServer moto;
    private DefaultAwsClients clients;
    private CloudContext admin;

    @BeforeEach
    void setUp(MotoServer moto) {
        this.moto = moto;
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(moto.endpoint()));
        admin = context("admin", "test", "test");
    }

    @AfterEach
    void tearDown() {
        moto.checkIamPermissions(false);
        clients.close();
    }

    @Test
    void everyProbeIsAllowedToAnIdentityThatMayDoEverythingAndChangesNothing() {
        int volumes = admin.client(Ec2Client.class).describeVolumes().volumes().size();

        Map<String, Decision> decisions = probeAll(admin);

        assertThat(decisions).allSatisfy((action, decision) -> assertThat(decision).as(action).isEqualTo(Decision.ALLOWED));
        assertThat(admin.client(Ec2Client.class).describeVolumes().volumes()).hasSize(volumes);
        assertThat(admin.client(Ec2Client.class).describeSnapshots(b -> b.ownerIds("self")).snapshots()).isEmpty();
        assertThat(admin.client(Ec2Client.class).describeInstances().reservations()).isEmpty();
        assertThat(admin.client(Ec2Client.class).describeImages(b -> b.owners("self")).images()).isEmpty();
        assertThat(admin.client(RdsClient.class).describeDBInstances().dbInstances()).isEmpty();
        assertThat(admin.client(RdsClient.class).describeDBClusters().dbClusters()).isEmpty();
        assertThat(admin.client(RdsClient.class).describeDBSnapshots().dbSnapshots()).isEmpty();
        assertThat(admin.client(RdsClient.class).describeDBClusterSnapshots().dbClusterSnapshots()).isEmpty();
        assertThat(admin.client(RedshiftClient.class).describeClusters().clusters()).isEmpty();
        assertThat(admin.client(DynamoDbClient.class).listTables().tableNames()).isEmpty();
    }

    @Test
    void anIdentityIsDeniedExactlyTheActionsItsPolicyLeavesOut() {
        CloudContext limited = userAllowedTo(GRANTED);
        moto.checkIamPermissions(true);

        Map<String, Decision> decisions = probeAll(limited);

        assertThat(decisions).containsKeys("ec2:CopySnapshot", "ec2:CopyImage", "rds:CopyDBSnapshot",
                "rds:CopyDBClusterSnapshot", "kms:ListAliases");
        Map<String, Decision> expected = new TreeMap<>();
        AwsProbes.probedActions().forEach(a -> expected.put(a, GRANTED.contains(a) ? Decision.ALLOWED : Decision.DENIED));
        assertThat(decisions).isEqualTo(expected);
    }

    @Test
    void anActionWithoutAHarmlessCallIsUnknown() {
        assertThat(AwsProbes.probe(admin, "iam:PassRole")).isEqualTo(Decision.UNKNOWN);
    }

    private Map<String, Decision> probeAll(CloudContext ctx) {
        return AwsProbes.probedActions().stream()
                .collect(Collectors.toMap(a -> a, a -> AwsProbes.probe(ctx, a), (a, b) -> a, TreeMap::new));
    }

    private CloudContext userAllowedTo(Set<String> actions) {
        IamClient iam = admin.client(IamClient.class);
        iam.createUser(b -> b.userName("haven"));
        String statements = actions.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(","));
        iam.putUserPolicy(b -> b.userName("haven").policyName("haven")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
                        + statements + "],\"Resource\":\"*\"}]}"));
        AccessKey key = iam.createAccessKey(b -> b.userName("haven")).accessKey();
        return context("haven", key.accessKeyId(), key.secretAccessKey());
    }

    private CloudContext context(String name, String keyId, String secret) {
        return clients.context(new AwsIdentity(name, new Credentials.StaticKeys(keyId, secret)), REGION);
    }
}
