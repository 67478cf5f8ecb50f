package io.haven.target.aurora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

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
import io.haven.aws.rds.RdsTags;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import io.haven.testing.recovery.RecordingProgress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

@ExtendWith(MotoExtension.class)
class AuroraClusterRecoveryTest {

    private static final String REGION = "eu-west-1";

    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static RdsClient rds;
    private static Ec2Client ec2;
    private final AuroraClusterTargetType type = new AuroraClusterTargetType();
    private final TargetRecovery recovery = new AuroraClusterRecovery();

    @BeforeAll
    static void setUp(MotoServer moto) {
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(moto.endpoint()));
        ctx = clients.context(new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test")), REGION);
        rds = ctx.client(RdsClient.class);
        ec2 = ctx.client(Ec2Client.class);
    }

    @AfterAll
    static void tearDown() {
        clients.close();
    }

    @Test
    void servesTheAuroraClusterType() {
        assertThat(recovery.typeId()).isEqualTo("aurora-cluster");
    }

    @Test
    void backupRecordsEverySettingRecoveryOffers() {
        String securityGroup = securityGroup("sales-db");
        subnetGroup("sales-subnets");
        rds.createDBCluster(b -> b.dbClusterIdentifier("sales").engine("aurora-mysql").port(3307)
                .dbSubnetGroupName("sales-subnets").vpcSecurityGroupIds(securityGroup)
                .masterUsername("admin").masterUserPassword("secret-password")
                .tags(tag("Name", "Sales"), tag("env", "prod")));
        instance("sales-w", "sales", "aurora-mysql", "eu-west-1c");
        instance("sales-r", "sales", "aurora-mysql", null);

        Artifact snapshot = backup("sales", "1");

        DBCluster original = cluster("sales");
        assertThat(snapshot.details()).containsEntry("engine", "aurora-mysql")
                .containsEntry("engineVersion", original.engineVersion())
                .containsEntry("engineMode", "provisioned").containsEntry("port", "3307")
                .containsEntry("subnetGroup", "sales-subnets").containsEntry("vpcSecurityGroups", securityGroup)
                .containsEntry("clusterParameterGroup", original.dbClusterParameterGroup())
                .containsEntry("readers", "1").containsEntry("writerInstanceId", "sales-w")
                .containsEntry("instanceClass", "db.r6g.large").containsEntry("zone", "eu-west-1c")
                .containsEntry("tag.Name", "Sales").containsEntry("tag.env", "prod");
        assertThat(type.findByBackupId(ctx, "1")).containsExactly(snapshot);
    }

    @Test
    void recoverablesOfferTheOriginalsSettingsAsDefaults() {
        rds.createDBCluster(b -> b.dbClusterIdentifier("ledger").engine("aurora-postgresql")
                .masterUsername("admin").masterUserPassword("secret-password"));
        instance("ledger-writer", "ledger", "aurora-postgresql", "eu-west-1b");
        instance("ledger-reader-1", "ledger", "aurora-postgresql", null);
        instance("ledger-reader-2", "ledger", "aurora-postgresql", null);
        Artifact snapshot = backup("ledger", "2");

        Recoverable recoverable = recovery.recoverables(List.of(snapshot)).get(0);

        DBCluster original = cluster("ledger");
        DBInstance writer = instanceNamed("ledger-writer");
        assertThat(recoverable.kind()).isEqualTo("aurora-cluster");
        assertThat(recoverable.key()).isEqualTo("ledger");
        assertThat(recoverable.typeId()).isEqualTo("aurora-cluster");
        assertThat(recoverable.region()).isEqualTo(REGION);
        assertThat(recoverable.label()).contains("ledger", "aurora-postgresql", "db.r6g.large", "3 instances", snapshot.id());
        assertThat(defaults(recoverable)).containsOnly(
                entry("identifier", "ledger-recovered"),
                entry("writerIdentifier", "ledger-writer-recovered"),
                entry("instanceClass", writer.dbInstanceClass()),
                entry("zone", "eu-west-1b"),
                entry("multiAz", "true"),
                entry("publiclyAccessible", writer.publiclyAccessible() == null ? null
                        : writer.publiclyAccessible().toString()),
                entry("port", String.valueOf(original.port())),
                entry("subnetGroup", original.dbSubnetGroup()),
                entry("vpcSecurityGroups", null),
                entry("clusterParameterGroup", original.dbClusterParameterGroup()),
                entry("preserveTags", "true"));
        assertThat(recoverable.notes()).anySatisfy(note -> assertThat(note).contains("2 readers"))
                .anySatisfy(note -> assertThat(note).contains("<identifier>-reader"));
    }

    @Test
    void recoversAMultiAzClusterWithItsWriterAndOneReader() {
        rds.createDBCluster(b -> b.dbClusterIdentifier("orders").engine("aurora-postgresql")
                .masterUsername("admin").masterUserPassword("secret-password")
                .tags(tag("env", "prod"), tag("team", "shop")));
        instance("orders-w", "orders", "aurora-postgresql", "eu-west-1a");
        instance("orders-r", "orders", "aurora-postgresql", null);
        Artifact snapshot = backup("orders", "3");
        // tags change after the backup: recovery restores those of backup time
        rds.removeTagsFromResource(b -> b.resourceName(cluster("orders").dbClusterArn()).tagKeys("team"));
        Recoverable recoverable = recovery.recoverables(List.of(snapshot)).get(0);
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, recoverable, Map.of("instanceClass", "db.r5.large"), progress);

        DBCluster recovered = cluster("orders-recovered");
        assertThat(RdsTags.toMap(recovered.tagList())).containsOnly(entry("env", "prod"), entry("team", "shop"),
                entry("haven:recovered-from", snapshot.id()));
        assertThat(recovered.dbClusterMembers()).extracting(DBClusterMember::dbInstanceIdentifier)
                .containsExactlyInAnyOrder("orders-w-recovered", "orders-recovered-reader");
        DBInstance writer = instanceNamed("orders-w-recovered");
        assertThat(writer.dbClusterIdentifier()).isEqualTo("orders-recovered");
        assertThat(writer.dbInstanceClass()).isEqualTo("db.r5.large");
        assertThat(writer.availabilityZone()).isEqualTo("eu-west-1a");
        DBInstance reader = instanceNamed("orders-recovered-reader");
        assertThat(reader.dbClusterIdentifier()).isEqualTo("orders-recovered");
        assertThat(reader.dbInstanceClass()).isEqualTo("db.r5.large");
        assertThat(progress.created).extracting(RecoveredResource::kind, RecoveredResource::id).containsExactly(
                tuple("aurora-cluster", "orders-recovered"),
                tuple("aurora-instance", "orders-w-recovered"),
                tuple("aurora-instance", "orders-recovered-reader"));
        assertThat(progress.created.get(0).details()).containsEntry("snapshot", snapshot.id())
                .containsEntry("recoveredFrom", "orders");
        assertThat(progress.created.get(2).details()).containsEntry("role", "reader")
                .containsEntry("cluster", "orders-recovered");
        progress.created.forEach(resource -> assertThat(recovery.poll(ctx, resource)).as(resource.id())
                .isEqualTo(RecoveryState.ready()));
    }

    @Test
    void aSingleInstanceClusterComesBackWithoutReader() {
        rds.createDBCluster(b -> b.dbClusterIdentifier("solo").engine("aurora-mysql")
                .masterUsername("admin").masterUserPassword("secret-password"));
        instance("solo-1", "solo", "aurora-mysql", "eu-west-1b");
        Recoverable recoverable = recovery.recoverables(List.of(backup("solo", "4"))).get(0);
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, recoverable, Map.of("identifier", "solo-copy", "writerIdentifier", "solo-copy-1",
                "preserveTags", "false", "port", "3310"), progress);

        DBCluster recovered = cluster("solo-copy");
        assertThat(recovered.port()).isEqualTo(3310);
        assertThat(recovered.dbClusterMembers()).extracting(DBClusterMember::dbInstanceIdentifier)
                .containsExactly("solo-copy-1");
        assertThat(RdsTags.toMap(recovered.tagList())).containsOnly(entry("haven:recovered-from", recoverable.artifacts()
                .get(0).id()));
        assertThat(progress.created).hasSize(2);
    }

    @Test
    void checkRefusesIdentifiersThatExistAndCreatesNothing() {
        rds.createDBCluster(b -> b.dbClusterIdentifier("crm").engine("aurora-mysql")
                .masterUsername("admin").masterUserPassword("secret-password"));
        instance("crm-1", "crm", "aurora-mysql", null);
        instance("crm-2", "crm", "aurora-mysql", null);
        Recoverable recoverable = recovery.recoverables(List.of(backup("crm", "5"))).get(0);
        List<String> clustersBefore = clusterIds();
        List<String> instancesBefore = instanceIds();

        assertRefused(recoverable, Map.of("identifier", "crm"), "identifier", "crm already exists; choose another identifier");
        assertRefused(recoverable, Map.of("writerIdentifier", "crm-2"), "writerIdentifier", "crm-2 already exists");
        // the reader of cluster "crm-1" would be "crm-1-reader"; an instance of that name is in the way
        instance("crm-1-reader", "crm", "aurora-mysql", null);
        assertRefused(recoverable, Map.of("identifier", "crm-1"), "identifier", "crm-1-reader already exists");
        RecordingProgress progress = new RecordingProgress();
        assertThatThrownBy(() -> recovery.start(ctx, recoverable, Map.of("identifier", "crm"), progress))
                .isInstanceOf(InvalidRecoveryException.class);
        assertThat(progress.created).isEmpty();
        assertThat(clusterIds()).isEqualTo(clustersBefore);
        assertThat(instanceIds()).containsExactlyInAnyOrderElementsOf(
                concat(instancesBefore, "crm-1-reader"));
    }

    @Test
    void checkRefusesBadValuesNamingTheOptionAndCreatesNothing() {
        rds.createDBCluster(b -> b.dbClusterIdentifier("shop").engine("aurora-mysql")
                .masterUsername("admin").masterUserPassword("secret-password"));
        instance("shop-1", "shop", "aurora-mysql", null);
        Recoverable recoverable = recovery.recoverables(List.of(backup("shop", "6"))).get(0);
        List<String> clustersBefore = clusterIds();
        List<String> instancesBefore = instanceIds();
        Map<Map<String, String>, String> bad = Map.ofEntries(
                Map.entry(Map.of("identifier", "Shop"), "identifier"),
                Map.entry(Map.of("identifier", "s".repeat(57), "multiAz", "true"), "identifier"),
                Map.entry(Map.of("writerIdentifier", "shop_1"), "writerIdentifier"),
                Map.entry(Map.of("identifier", "shop-x", "writerIdentifier", "shop-x-reader", "multiAz", "true"),
                        "writerIdentifier"),
                Map.entry(Map.of("instanceClass", "r5.large"), "instanceClass"),
                Map.entry(Map.of("instanceClass", ""), "instanceClass"),
                Map.entry(Map.of("port", "1149"), "port"),
                Map.entry(Map.of("zone", "eu-west-1q"), "zone"),
                Map.entry(Map.of("zone", "us-west-2a"), "zone"),
                Map.entry(Map.of("multiAz", "2"), "multiAz"),
                Map.entry(Map.of("subnetGroup", "no-such-subnets"), "subnetGroup"),
                Map.entry(Map.of("clusterParameterGroup", "no-such-parameters"), "clusterParameterGroup"),
                Map.entry(Map.of("vpcSecurityGroups", "sg-00000000"), "vpcSecurityGroups"),
                Map.entry(Map.of("publiclyAccessible", "no"), "publiclyAccessible"));

        bad.forEach((choices, field) -> assertThatThrownBy(() -> recovery.check(ctx, recoverable, choices))
                .as(choices.toString())
                .isInstanceOfSatisfying(InvalidRecoveryException.class, e -> assertThat(e.field()).isEqualTo(field)));
        assertThat(clusterIds()).isEqualTo(clustersBefore);
        assertThat(instanceIds()).isEqualTo(instancesBefore);
    }

    @Test
    void unknownOptionsAreRefusedByName() {
        rds.createDBCluster(b -> b.dbClusterIdentifier("hr").engine("aurora-mysql")
                .masterUsername("admin").masterUserPassword("secret-password"));
        Recoverable recoverable = recovery.recoverables(List.of(backup("hr", "7"))).get(0);

        assertRefused(recoverable, Map.of("readerIdentifier", "hr-r"), "readerIdentifier", "Unknown option");
    }

    @Test
    void pollReportsResourcesThatAreGoneAsFailed() {
        for (String kind : new String[] {"aurora-cluster", "aurora-instance"}) {
            RecoveryState state = recovery.poll(ctx, new RecoveredResource(kind, "never-made", REGION, Map.of()));
            assertThat(state.state()).as(kind).isEqualTo(RecoveryState.State.FAILED);
            assertThat(state.message()).as(kind).contains("never-made");
        }
    }

    private void assertRefused(Recoverable recoverable, Map<String, String> choices, String field, String message) {
        assertThatThrownBy(() -> recovery.check(ctx, recoverable, choices))
                .as(choices.toString())
                .isInstanceOfSatisfying(InvalidRecoveryException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    private Artifact backup(String clusterId, String backupId) {
        return type.startBackup(ctx, new TargetSpec("aurora-cluster", REGION, clusterId, Map.of()),
                new BackupRequest(backupId, "daily", "Haven backup " + backupId,
                        Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "daily"))).get(0);
    }

    private static void instance(String id, String clusterId, String engine, String zone) {
        rds.createDBInstance(b -> b.dbInstanceIdentifier(id).engine(engine).dbInstanceClass("db.r6g.large")
                .availabilityZone(zone).dbClusterIdentifier(clusterId));
    }

    private static DBCluster cluster(String id) {
        return rds.describeDBClusters(b -> b.dbClusterIdentifier(id)).dbClusters().get(0);
    }

    private static DBInstance instanceNamed(String id) {
        return rds.describeDBInstances(b -> b.dbInstanceIdentifier(id)).dbInstances().get(0);
    }

    private static List<String> clusterIds() {
        return rds.describeDBClusters().dbClusters().stream().map(DBCluster::dbClusterIdentifier).sorted().toList();
    }

    private static List<String> instanceIds() {
        return rds.describeDBInstances().dbInstances().stream().map(DBInstance::dbInstanceIdentifier).sorted().toList();
    }

    private static List<String> concat(List<String> list, String item) {
        List<String> all = new ArrayList<>(list);
        all.add(item);
        return all;
    }

    private static String securityGroup(String name) {
        String vpc = ec2.describeVpcs().vpcs().get(0).vpcId();
        return ec2.createSecurityGroup(b -> b.groupName(name).description(name).vpcId(vpc)).groupId();
    }

    private static void subnetGroup(String name) {
        List<String> subnets = ec2.describeSubnets().subnets().stream().map(Subnet::subnetId).limit(2).toList();
        rds.createDBSubnetGroup(b -> b.dbSubnetGroupName(name).dbSubnetGroupDescription(name).subnetIds(subnets));
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
