package io.haven.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.target.CloudContext;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.StsClient;

@ExtendWith(MotoExtension.class)
class DefaultAwsClientsTest {

    private static final String MOTO_DEFAULT_ACCOUNT = "123456789012";
    private static final String ROLE_ACCOUNT = "111111111111";
    private static final String ROLE_ARN = "arn:aws:iam::" + ROLE_ACCOUNT + ":role/haven-backup";

    private DefaultAwsClients clients;
    private AwsIdentity keys;

    @BeforeEach
    void setUp(MotoServer moto) {
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(moto.endpoint()));
        keys = new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test"));
    }

    @AfterEach
    void tearDown() {
        clients.close();
    }

    @Test
    void verifyWithStaticKeysReturnsTheAccountNumber() {
        assertThat(clients.verify(keys, "us-east-1")).isEqualTo(MOTO_DEFAULT_ACCOUNT);
    }

    @Test
    void theCallerSaysWhoTheKeysAre() {
        AwsCaller caller = clients.caller(keys, "us-east-1");

        assertThat(caller.accountId()).isEqualTo(MOTO_DEFAULT_ACCOUNT);
        assertThat(caller.arn()).startsWith("arn:aws:").contains(MOTO_DEFAULT_ACCOUNT);
        assertThat(caller.isRootUser()).isFalse();
    }

    @Test
    void anAccountsRootUserIsKnownByItsArn() {
        try (RecordingAwsEndpoint sts = new RecordingAwsEndpoint(200,
                RecordingAwsEndpoint.callerIdentity("111122223333", "arn:aws:iam::111122223333:root"))) {
            AwsIdentity root = new AwsIdentity("account-root", new Credentials.StaticKeys("AKIAROOT", "s"), sts.url());

            AwsCaller caller = clients.caller(root, "us-east-1");

            assertThat(caller.accountId()).isEqualTo("111122223333");
            assertThat(caller.isRootUser()).isTrue();
        }
        assertThat(new AwsCaller("111122223333", "arn:aws-cn:iam::111122223333:root").isRootUser()).isTrue();
        assertThat(new AwsCaller("111122223333", "arn:aws:iam::111122223333:user/root").isRootUser()).isFalse();
        assertThat(new AwsCaller("111122223333", "arn:aws:sts::111122223333:assumed-role/root/s").isRootUser()).isFalse();
        assertThat(new AwsCaller("111122223333", null).isRootUser()).isFalse();
    }

    @Test
    void verifyWithAssumedRoleReturnsTheRoleAccount() {
        AwsIdentity role = new AwsIdentity("account-2",
                new Credentials.AssumeRole(keys, ROLE_ARN, "external-1"));

        assertThat(clients.verify(role, "eu-west-1")).isEqualTo(ROLE_ACCOUNT);
        assertThat(clients.context(role, "eu-west-1").awsAccountId()).isEqualTo(ROLE_ACCOUNT);
        assertThat(clients.context(keys, "eu-west-1").awsAccountId()).isEqualTo(MOTO_DEFAULT_ACCOUNT);
    }

    @Test
    void identityEndpointWinsOverTheGlobalOne(MotoServer moto) {
        clients.reconfigure(AwsSettings.withEndpoint("http://127.0.0.1:" + closedPort()));
        AwsIdentity own = new AwsIdentity("account-3", new Credentials.StaticKeys("test", "test"), moto.endpoint());

        assertThat(clients.verify(own, null)).isEqualTo(MOTO_DEFAULT_ACCOUNT);
    }

    @Test
    void unreachableEndpointGivesAClearMessage() {
        String endpoint = "http://127.0.0.1:" + closedPort();
        AwsIdentity nowhere = new AwsIdentity("account-4", new Credentials.StaticKeys("test", "test"), endpoint);

        assertThatThrownBy(() -> clients.verify(nowhere, "us-east-1"))
                .isInstanceOf(AwsAccessException.class)
                .hasMessage("Cannot reach AWS endpoint " + endpoint + ": connection refused");
        assertThatThrownBy(() -> clients.context(nowhere, "us-east-1").awsAccountId())
                .isInstanceOf(AwsAccessException.class)
                .hasMessageStartingWith("Cannot reach AWS endpoint " + endpoint);
    }

    @Test
    void clientsAreCachedPerIdentityRegionAndType() {
        CloudContext context = clients.context(keys, "us-east-1");

        Ec2Client ec2 = context.client(Ec2Client.class);
        assertThat(context.client(Ec2Client.class)).isSameAs(ec2);
        assertThat(clients.context(keys, "us-east-1")).isSameAs(context);
        assertThat(clients.context(keys, "us-east-1").client(Ec2Client.class)).isSameAs(ec2);
        assertThat(clients.context(keys, "eu-west-1").client(Ec2Client.class)).isNotSameAs(ec2);
        assertThat(context.client(StsClient.class)).isNotSameAs(ec2);
        assertThat(context.region()).isEqualTo("us-east-1");
    }

    @Test
    void nullRegionMeansTheDefaultRegion() {
        assertThat(clients.context(keys, null).region()).isEqualTo(AwsSettings.DEFAULT_REGION);
        assertThat(clients.context(keys, " ").client(Ec2Client.class))
                .isSameAs(clients.context(keys, "us-east-1").client(Ec2Client.class));
    }

    @Test
    void forgetDropsTheIdentityAndWhatAssumesARoleThroughIt() {
        AwsIdentity role = new AwsIdentity("account-2", new Credentials.AssumeRole(keys, ROLE_ARN, null));
        CloudContext keysContext = clients.context(keys, "us-east-1");
        CloudContext roleContext = clients.context(role, "us-east-1");
        Ec2Client keysEc2 = keysContext.client(Ec2Client.class);
        Ec2Client roleEc2 = roleContext.client(Ec2Client.class);
        AwsIdentity other = new AwsIdentity("account-5", new Credentials.StaticKeys("test", "test"));
        Ec2Client otherEc2 = clients.context(other, "us-east-1").client(Ec2Client.class);

        clients.forget("account-1");

        assertThat(clients.context(keys, "us-east-1")).isNotSameAs(keysContext);
        assertThat(clients.context(role, "us-east-1")).isNotSameAs(roleContext);
        assertThat(clients.context(keys, "us-east-1").client(Ec2Client.class)).isNotSameAs(keysEc2);
        assertThat(clients.context(role, "us-east-1").client(Ec2Client.class)).isNotSameAs(roleEc2);
        assertThat(clients.context(other, "us-east-1").client(Ec2Client.class)).isSameAs(otherEc2);
        // the rebuilt chain still works
        assertThat(clients.context(role, "us-east-1").awsAccountId()).isEqualTo(ROLE_ACCOUNT);
    }

    @Test
    void accountNumberIsReadOnceAndKept() {
        CloudContext context = clients.context(keys, "us-east-1");
        assertThat(context.awsAccountId()).isEqualTo(MOTO_DEFAULT_ACCOUNT);

        // Any further STS call would now fail: the number must come from the context's memory.
        clients.reconfigure(AwsSettings.withEndpoint("http://127.0.0.1:" + closedPort()));

        assertThat(context.awsAccountId()).isEqualTo(MOTO_DEFAULT_ACCOUNT);
    }

    @Test
    void reconfigurationReachesContextsAlreadyHandedOut(MotoServer moto) {
        clients.reconfigure(AwsSettings.withEndpoint("http://127.0.0.1:" + closedPort()));
        CloudContext context = clients.context(keys, "us-east-1");

        clients.reconfigure(AwsSettings.withEndpoint(moto.endpoint()));

        assertThat(context.client(StsClient.class).getCallerIdentity().account()).isEqualTo(MOTO_DEFAULT_ACCOUNT);
        assertThat(clients.settings().endpoint()).isEqualTo(moto.endpoint());
    }

    @Test
    void rejectsTypesThatAreNotSdkClients() {
        CloudContext context = clients.context(keys, "us-east-1");

        assertThatThrownBy(() -> context.client(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }

    @Test
    void secretsNeverAppearInToString() {
        Credentials.StaticKeys secretKeys = new Credentials.StaticKeys("AKIAHAVENEXAMPLE", "wJalrXUtnFEMI/K7MDENG");
        AwsIdentity identity = new AwsIdentity("account-6", secretKeys);
        AwsIdentity role = new AwsIdentity("account-7", new Credentials.AssumeRole(identity, ROLE_ARN, "ext"));

        assertThat(secretKeys.toString()).contains("AKIAHAVENEXAMPLE").doesNotContain("wJalrXUtnFEMI/K7MDENG");
        assertThat(identity.toString()).contains("account-6").doesNotContain("wJalrXUtnFEMI/K7MDENG");
        assertThat(role.toString()).contains(ROLE_ARN).doesNotContain("wJalrXUtnFEMI/K7MDENG");
        assertThat(clients.context(role, "us-east-1").toString()).doesNotContain("wJalrXUtnFEMI/K7MDENG");
    }

    @Test
    void identityRejectsMissingParts() {
        assertThatThrownBy(() -> new AwsIdentity(null, new Credentials.DefaultChain()))
                .isInstanceOf(NullPointerException.class);
        assertThat(new AwsIdentity("k", new Credentials.DefaultChain(), "  ").endpoint()).isNull();
        assertThat(new Credentials.AssumeRole(keys, ROLE_ARN, "").externalId()).isNull();
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
