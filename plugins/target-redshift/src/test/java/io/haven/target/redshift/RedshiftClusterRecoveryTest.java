package io.haven.target.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryState;
import io.haven.api.recovery.TargetRecovery;
import io.haven.api.target.Artifact;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetSpec;
import io.haven.aws.AwsIdentity;
import io.haven.aws.AwsSettings;
import io.haven.aws.Credentials;
import io.haven.aws.DefaultAwsClients;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import io.haven.testing.recovery.RecordingProgress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.Cluster;
import software.amazon.awssdk.services.redshift.model.RestoreStatus;
import software.amazon.awssdk.services.redshift.model.Tag;

@ExtendWith(MotoExtension.class)
class RedshiftClusterRecoveryTest {

    private static final String REGION = "eu-west-1";

    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static RedshiftClient redshift;
    private static Ec2Client ec2;
    private final RedshiftClusterTargetType type = new RedshiftClusterTargetType();
    private final TargetRecovery recovery = new RedshiftClusterRecovery();

    @BeforeAll
    static void setUp(MotoServer moto) {
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(moto.endpoint()));
        ctx = clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")), REGION);
        redshift = ctx.client(RedshiftClient.class);
        ec2 = ctx.client(Ec2Client.class);
    }

    @AfterAll
    static void tearDown() {
        clients.close();
    }

    @Test
    void servesTheRedshiftClusterType() {
        assertThat(recovery.typeId()).isEqualTo("redshift-cluster");
    }

    @Test
    void backupRecordsEverySettingRecoveryOffers() {
        String securityGroup = securityGroup("warehouse-sg");
        subnetGroup("warehouse-subnets");
        redshift.createClusterParameterGroup(b -> b.parameterGroupName("warehouse-params")
                .parameterGroupFamily("redshift-1.0").description("warehouse"));
        redshift.createCluster(b -> b.clusterIdentifier("warehouse").nodeType("dc2.large").clusterType("multi-node")
                .numberOfNodes(3).port(5440).availabilityZone("eu-west-1b").clusterSubnetGroupName("warehouse-subnets")
                .vpcSecurityGroupIds(securityGroup).clusterParameterGroupName("warehouse-params").publiclyAccessible(true)
                .masterUsername("admin").masterUserPassword("Secret-Passw0rd")
                .tags(tag("Name", "Warehouse"), tag("env", "prod")));

        Artifact snapshot = backup("warehouse", "1");

        assertThat(snapshot.details()).containsEntry("nodeType", "dc2.large").containsEntry("numberOfNodes", "3")
                .containsEntry("zone", "eu-west-1b").containsEntry("port", "5440")
                .containsEntry("subnetGroup", "warehouse-subnets").containsEntry("publiclyAccessible", "true")
                .containsEntry("parameterGroup", "warehouse-params").containsEntry("vpcSecurityGroups", securityGroup)
                .containsEntry("tag.Name", "Warehouse").containsEntry("tag.env", "prod");
        assertThat(type.findByBackupId(ctx, "1")).containsExactly(snapshot);
    }

    @Test
    void recoverablesOfferTheOriginalsSettingsAsDefaults() {
        String securityGroup = securityGroup("reports-sg");
        redshift.createCluster(b -> b.clusterIdentifier("reports").nodeType("dc2.large").clusterType("multi-node")
                .numberOfNodes(2).availabilityZone("eu-west-1c").vpcSecurityGroupIds(securityGroup)
                .masterUsername("admin").masterUserPassword("Secret-Passw0rd"));
        Artifact snapshot = backup("reports", "2");

        Recoverable recoverable = recovery.recoverables(List.of(snapshot)).get(0);

        Cluster original = cluster("reports");
        assertThat(recoverable.kind()).isEqualTo("redshift-cluster");
        assertThat(recoverable.key()).isEqualTo("reports");
        assertThat(recoverable.typeId()).isEqualTo("redshift-cluster");
        assertThat(recoverable.region()).isEqualTo(REGION);
        assertThat(recoverable.label()).contains("reports", "2 x dc2.large", snapshot.id());
        assertThat(defaults(recoverable)).containsOnly(
                entry("identifier", "reports-recovered"),
                entry("nodeType", "dc2.large"),
                entry("numberOfNodes", "2"),
                entry("zone", "eu-west-1c"),
                entry("port", String.valueOf(original.endpoint().port())),
                entry("subnetGroup", original.clusterSubnetGroupName()),
                entry("publiclyAccessible", String.valueOf(original.publiclyAccessible())),
                entry("parameterGroup", original.clusterParameterGroups().get(0).parameterGroupName()),
                entry("vpcSecurityGroups", securityGroup),
                entry("preserveTags", "true"));
        assertThat(recoverable.notes()).anySatisfy(note -> assertThat(note).contains("tags"));
    }

    @Test
    void recoversUnderANewIdentifierWithTheTagsOfBackupTimeOnly() {
        redshift.createCluster(b -> b.clusterIdentifier("sales").nodeType("dc2.large").clusterType("multi-node")
                .numberOfNodes(2).availabilityZone("eu-west-1b").masterUsername("admin").masterUserPassword("Secret-Passw0rd")
                .tags(tag("env", "prod"), tag("team", "sales")));
        Artifact snapshot = backup("sales", "3");
        // tags change after the backup: recovery restores those of backup time
        redshift.deleteTags(b -> b.resourceName(ClusterTags.arn(ctx, "sales")).tagKeys("team"));
        Recoverable recoverable = recovery.recoverables(List.of(snapshot)).get(0);
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, recoverable, Map.of(), progress);

        Cluster recovered = cluster("sales-recovered");
        assertThat(recovered.nodeType()).isEqualTo("dc2.large");
        assertThat(recovered.numberOfNodes()).isEqualTo(2);
        assertThat(recovered.availabilityZone()).isEqualTo("eu-west-1b");
        // the snapshot's bookkeeping tags, which a restore may copy, are not left on the cluster
        assertThat(RedshiftResources.toMap(recovered.tags())).containsOnly(entry("env", "prod"), entry("team", "sales"),
                entry("haven:recovered-from", snapshot.id()));
        assertThat(progress.created).singleElement().satisfies(resource -> {
            assertThat(resource.kind()).isEqualTo("redshift-cluster");
            assertThat(resource.id()).isEqualTo("sales-recovered");
            assertThat(resource.region()).isEqualTo(REGION);
            assertThat(resource.details()).containsEntry("snapshot", snapshot.id()).containsEntry("recoveredFrom", "sales")
                    .containsEntry("nodeType", "dc2.large").containsEntry("numberOfNodes", "2");
        });
        assertThat(progress.log).anySatisfy(line -> assertThat(line).contains("sales-recovered", snapshot.id()));
        assertThat(recovery.poll(ctx, progress.created.get(0))).isEqualTo(RecoveryState.ready());
    }

    @Test
    void recoversWithTheSettingsTheUserChose() {
        cluster("finance", "dc2.large");
        Artifact snapshot = backup("finance", "4");
        String securityGroup = securityGroup("finance-sg");
        subnetGroup("finance-subnets");
        Recoverable recoverable = recovery.recoverables(List.of(snapshot)).get(0);
        Map<String, String> choices = Map.of("identifier", "finance-copy", "port", "5555", "zone", "eu-west-1c",
                "publiclyAccessible", "true", "subnetGroup", "finance-subnets", "vpcSecurityGroups", securityGroup,
                "preserveTags", "false");

        recovery.check(ctx, recoverable, choices);
        recovery.start(ctx, recoverable, choices, new RecordingProgress());

        Cluster recovered = cluster("finance-copy");
        assertThat(recovered.endpoint().port()).isEqualTo(5555);
        assertThat(recovered.availabilityZone()).isEqualTo("eu-west-1c");
        assertThat(recovered.publiclyAccessible()).isTrue();
        assertThat(recovered.clusterSubnetGroupName()).isEqualTo("finance-subnets");
        assertThat(RedshiftResources.toMap(recovered.tags())).containsOnly(entry("haven:recovered-from", snapshot.id()));
    }

    @Test
    void checkRefusesAnIdentifierThatExistsAndCreatesNothing() {
        cluster("crm", "dc2.large");
        Recoverable recoverable = recovery.recoverables(List.of(backup("crm", "5"))).get(0);
        List<String> before = clusterIds();

        assertThatThrownBy(() -> recovery.check(ctx, recoverable, Map.of("identifier", "crm")))
                .isInstanceOfSatisfying(InvalidRecoveryException.class, e -> {
                    assertThat(e.field()).isEqualTo("identifier");
                    assertThat(e.getMessage()).contains("crm already exists; choose another identifier");
                });
        RecordingProgress progress = new RecordingProgress();
        assertThatThrownBy(() -> recovery.start(ctx, recoverable, Map.of("identifier", "crm"), progress))
                .isInstanceOf(InvalidRecoveryException.class);
        assertThat(progress.created).isEmpty();
        assertThat(clusterIds()).isEqualTo(before);
    }

    @Test
    void checkRefusesBadValuesNamingTheOptionAndCreatesNothing() {
        cluster("shop", "dc2.large");
        Recoverable recoverable = recovery.recoverables(List.of(backup("shop", "6"))).get(0);
        List<String> before = clusterIds();
        Map<Map<String, String>, String> bad = Map.ofEntries(
                Map.entry(Map.of("identifier", "Shop"), "identifier"),
                Map.entry(Map.of("identifier", "shop-"), "identifier"),
                Map.entry(Map.of("nodeType", "large"), "nodeType"),
                Map.entry(Map.of("numberOfNodes", "0"), "numberOfNodes"),
                Map.entry(Map.of("numberOfNodes", "129"), "numberOfNodes"),
                Map.entry(Map.of("port", "1000"), "port"),
                Map.entry(Map.of("nodeType", "ra3.xlplus", "port", "5439x"), "port"),
                Map.entry(Map.of("nodeType", "ra3.xlplus", "port", "6000"), "port"),
                Map.entry(Map.of("zone", "eu-west-1q"), "zone"),
                Map.entry(Map.of("zone", "ap-south-1a"), "zone"),
                Map.entry(Map.of("subnetGroup", "no-such-subnets"), "subnetGroup"),
                Map.entry(Map.of("parameterGroup", "no-such-params"), "parameterGroup"),
                Map.entry(Map.of("vpcSecurityGroups", "sg-00000000"), "vpcSecurityGroups"),
                Map.entry(Map.of("publiclyAccessible", "yes"), "publiclyAccessible"),
                Map.entry(Map.of("preserveTags", "1"), "preserveTags"),
                Map.entry(Map.of("masterPassword", "x"), "masterPassword"));

        bad.forEach((choices, field) -> assertThatThrownBy(() -> recovery.check(ctx, recoverable, choices))
                .as(choices.toString())
                .isInstanceOfSatisfying(InvalidRecoveryException.class, e -> assertThat(e.field()).isEqualTo(field)));
        assertThat(clusterIds()).isEqualTo(before);
    }

    @Test
    void pollReportsAClusterThatIsGoneAsFailed() {
        RecoveryState state = recovery.poll(ctx, new RecoveredResource("redshift-cluster", "never-made", REGION, Map.of()));

        assertThat(state.state()).isEqualTo(RecoveryState.State.FAILED);
        assertThat(state.message()).contains("never-made");
    }

    @Test
    void statusesMapToRecoveryStates() {
        assertThat(RedshiftRecoveryStates.of(status("available", null))).isEqualTo(RecoveryState.ready());
        assertThat(RedshiftRecoveryStates.of(status("creating", "restoring"))).isEqualTo(RecoveryState.pending("creating"));
        assertThat(RedshiftRecoveryStates.of(status("incompatible-restore", null)).state())
                .isEqualTo(RecoveryState.State.FAILED);
        RecoveryState failed = RedshiftRecoveryStates.of(status("creating", "failed"));
        assertThat(failed.state()).isEqualTo(RecoveryState.State.FAILED);
        assertThat(failed.message()).contains("c1", "restore");
    }

    @Test
    void arnsFollowThePartitionOfTheRegion() {
        assertThat(ClusterTags.arn(ctx, "c1")).isEqualTo("arn:aws:redshift:eu-west-1:" + ctx.awsAccountId() + ":cluster:c1");
    }

    private static Cluster status(String status, String restoreStatus) {
        return Cluster.builder().clusterIdentifier("c1").clusterStatus(status)
                .restoreStatus(restoreStatus == null ? null : RestoreStatus.builder().status(restoreStatus).build()).build();
    }

    private Artifact backup(String clusterId, String backupId) {
        return type.startBackup(ctx, new TargetSpec("redshift-cluster", REGION, clusterId, Map.of()),
                new BackupRequest(backupId, "daily", "Haven backup " + backupId,
                        Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "daily"))).get(0);
    }

    private static void cluster(String id, String nodeType) {
        redshift.createCluster(b -> b.clusterIdentifier(id).nodeType(nodeType).clusterType("single-node")
                .masterUsername("admin").masterUserPassword("Secret-Passw0rd"));
    }

    private static Cluster cluster(String id) {
        return redshift.describeClusters(b -> b.clusterIdentifier(id)).clusters().get(0);
    }

    private static List<String> clusterIds() {
        return redshift.describeClusters().clusters().stream().map(Cluster::clusterIdentifier).sorted().toList();
    }

    private static String securityGroup(String name) {
        String vpc = ec2.describeVpcs().vpcs().get(0).vpcId();
        return ec2.createSecurityGroup(b -> b.groupName(name).description(name).vpcId(vpc)).groupId();
    }

    private static void subnetGroup(String name) {
        List<String> subnets = ec2.describeSubnets().subnets().stream().map(Subnet::subnetId).limit(2).toList();
        redshift.createClusterSubnetGroup(b -> b.clusterSubnetGroupName(name).description(name).subnetIds(subnets));
    }

    private static Map<String, String> defaults(Recoverable recoverable) {
        // a HashMap, as Collectors.toMap refuses null values
        Map<String, String> defaults = new HashMap<>();
        recoverable.options().forEach(option -> defaults.put(option.name(), option.defaultValue()));
        return defaults;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
