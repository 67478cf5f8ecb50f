package io.haven.target.rds;

import io.haven.aws.rds.RdsRecoveryStates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.haven.api.recovery.InvalidRecoveryException;
import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveredResource;
import io.haven.api.recovery.RecoveryOption;
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
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.Tag;

@ExtendWith(MotoExtension.class)
class RdsInstanceRecoveryTest {

    private static final String REGION = "eu-west-1";
    private static final String ZONE = "eu-west-1b";

    private static DefaultAwsClients clients;
    private static CloudContext ctx;
    private static RdsClient rds;
    private static Ec2Client ec2;
    private final RdsInstanceTargetType type = new RdsInstanceTargetType();
    private final TargetRecovery recovery = new RdsInstanceRecovery();

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
    void servesTheRdsInstanceType() {
        assertThat(recovery.typeId()).isEqualTo("rds-instance");
    }

    @Test
    void backupRecordsEverySettingRecoveryOffers() {
        String securityGroup = securityGroup("orders-db");
        subnetGroup("orders-subnets");
        rds.createDBInstance(b -> b.dbInstanceIdentifier("orders").engine("postgres").dbInstanceClass("db.m5.large")
                .allocatedStorage(100).storageType("io1").iops(3000).availabilityZone(ZONE).port(5433)
                .dbSubnetGroupName("orders-subnets").vpcSecurityGroupIds(securityGroup).publiclyAccessible(true)
                .masterUsername("admin").masterUserPassword("secret-password")
                .tags(tag("Name", "Orders"), tag("env", "prod"), tag("cost center", "a/b=c+d@e")));

        Artifact snapshot = backup("orders", "1");

        DBInstance original = describe("orders");
        assertThat(snapshot.details())
                .containsEntry("instanceClass", "db.m5.large").containsEntry("engine", "postgres")
                .containsEntry("engineVersion", original.engineVersion())
                .containsEntry("port", "5433").containsEntry("multiAz", "false").containsEntry("zone", ZONE)
                .containsEntry("subnetGroup", "orders-subnets").containsEntry("publiclyAccessible", "true")
                .containsEntry("storageType", "io1").containsEntry("iops", "3000")
                .containsEntry("parameterGroup", original.dbParameterGroups().get(0).dbParameterGroupName())
                .containsEntry("optionGroup", original.optionGroupMemberships().get(0).optionGroupName())
                .containsEntry("vpcSecurityGroups", securityGroup)
                .containsEntry("autoMinorVersionUpgrade", "true")
                .containsEntry("tag.Name", "Orders").containsEntry("tag.env", "prod")
                .containsEntry("tag.cost center", "a/b=c+d@e")
                .doesNotContainKey("tagsOmitted");
        // what findByBackupId rebuilds after a crash is the same artifact
        assertThat(type.findByBackupId(ctx, "1")).containsExactly(snapshot);
    }

    @Test
    void recoverablesOfferTheOriginalsSettingsAsDefaults() {
        String securityGroup = securityGroup("billing-db");
        subnetGroup("billing-subnets");
        rds.createDBInstance(b -> b.dbInstanceIdentifier("billing").engine("mysql").dbInstanceClass("db.t3.small")
                .allocatedStorage(20).storageType("gp2").availabilityZone("eu-west-1c")
                .dbSubnetGroupName("billing-subnets").vpcSecurityGroupIds(securityGroup)
                .masterUsername("admin").masterUserPassword("secret-password").tags(tag("env", "test")));
        Artifact snapshot = backup("billing", "2");

        List<Recoverable> recoverables = recovery.recoverables(List.of(snapshot));

        assertThat(recoverables).singleElement().satisfies(recoverable -> {
            assertThat(recoverable.kind()).isEqualTo("rds-instance");
            assertThat(recoverable.key()).isEqualTo("billing");
            assertThat(recoverable.typeId()).isEqualTo("rds-instance");
            assertThat(recoverable.resourceId()).isEqualTo("billing");
            assertThat(recoverable.region()).isEqualTo(REGION);
            assertThat(recoverable.label()).contains("billing", "mysql", "db.t3.small", snapshot.id());
            assertThat(recoverable.artifacts()).containsExactly(snapshot);
            DBInstance original = describe("billing");
            assertThat(defaults(recoverable)).containsOnly(
                    entry("identifier", "billing-recovered"),
                    entry("instanceClass", "db.t3.small"),
                    entry("zone", "eu-west-1c"),
                    entry("multiAz", "false"),
                    entry("port", String.valueOf(original.endpoint().port())),
                    entry("subnetGroup", "billing-subnets"),
                    entry("publiclyAccessible", original.publiclyAccessible() == null ? null
                            : original.publiclyAccessible().toString()),
                    entry("storageType", "gp2"),
                    entry("iops", null),
                    entry("parameterGroup", original.dbParameterGroups().get(0).dbParameterGroupName()),
                    entry("optionGroup", original.optionGroupMemberships().get(0).optionGroupName()),
                    entry("vpcSecurityGroups", securityGroup),
                    entry("autoMinorVersionUpgrade", "true"),
                    entry("preserveTags", "true"));
            assertThat(option(recoverable, "multiAz").allowed()).containsExactly("true", "false");
            assertThat(option(recoverable, "storageType").allowed()).contains("gp2", "gp3", "io1");
            assertThat(recoverable.notes()).anySatisfy(note -> assertThat(note).contains("tags"));
        });
    }

    @Test
    void recoversUnderANewIdentifierWithTheSettingsAndTagsOfBackupTime() {
        rds.createDBInstance(b -> b.dbInstanceIdentifier("ledger").engine("postgres").dbInstanceClass("db.t3.micro")
                .allocatedStorage(20).availabilityZone(ZONE).masterUsername("admin").masterUserPassword("secret-password")
                .tags(tag("env", "prod"), tag("team", "finance")));
        Artifact snapshot = backup("ledger", "3");
        // the tags change after the backup, and the original goes away: recovery uses what the backup recorded
        DBInstance original = describe("ledger");
        rds.removeTagsFromResource(b -> b.resourceName(original.dbInstanceArn()).tagKeys("team"));
        rds.deleteDBInstance(b -> b.dbInstanceIdentifier("ledger").skipFinalSnapshot(true));
        Recoverable recoverable = recovery.recoverables(List.of(snapshot)).get(0);
        RecordingProgress progress = new RecordingProgress();

        recovery.start(ctx, recoverable, Map.of(), progress);

        DBInstance recovered = describe("ledger-recovered");
        assertThat(recovered.dbInstanceClass()).isEqualTo("db.t3.micro");
        assertThat(recovered.availabilityZone()).isEqualTo(ZONE);
        assertThat(recovered.endpoint().port()).isEqualTo(5432);
        assertThat(RdsTags.toMap(recovered.tagList())).containsOnly(entry("env", "prod"), entry("team", "finance"),
                entry("haven:recovered-from", snapshot.id()));
        assertThat(progress.created).singleElement().satisfies(resource -> {
            assertThat(resource.kind()).isEqualTo("rds-instance");
            assertThat(resource.id()).isEqualTo("ledger-recovered");
            assertThat(resource.region()).isEqualTo(REGION);
            assertThat(resource.details()).containsEntry("snapshot", snapshot.id())
                    .containsEntry("recoveredFrom", "ledger").containsEntry("instanceClass", "db.t3.micro");
        });
        assertThat(progress.log).anySatisfy(line -> assertThat(line).contains("ledger-recovered", snapshot.id()));
        assertThat(recovery.poll(ctx, progress.created.get(0))).isEqualTo(RecoveryState.ready());
    }

    @Test
    void recoversWithTheSettingsTheUserChose() {
        instance("reports", "db.t3.micro");
        Artifact snapshot = backup("reports", "4");
        String securityGroup = securityGroup("reports-db");
        subnetGroup("reports-subnets");
        Recoverable recoverable = recovery.recoverables(List.of(snapshot)).get(0);
        Map<String, String> choices = Map.of("identifier", "reports-copy", "instanceClass", "db.m5.large",
                "port", "6000", "zone", "eu-west-1c", "subnetGroup", "reports-subnets",
                "vpcSecurityGroups", securityGroup, "publiclyAccessible", "true", "storageType", "gp2",
                "preserveTags", "false");

        recovery.check(ctx, recoverable, choices);
        recovery.start(ctx, recoverable, choices, new RecordingProgress());

        DBInstance recovered = describe("reports-copy");
        assertThat(recovered.dbInstanceClass()).isEqualTo("db.m5.large");
        assertThat(recovered.endpoint().port()).isEqualTo(6000);
        assertThat(recovered.availabilityZone()).isEqualTo("eu-west-1c");
        assertThat(recovered.dbSubnetGroup().dbSubnetGroupName()).isEqualTo("reports-subnets");
        assertThat(recovered.vpcSecurityGroups()).singleElement()
                .satisfies(group -> assertThat(group.vpcSecurityGroupId()).isEqualTo(securityGroup));
        assertThat(recovered.publiclyAccessible()).isTrue();
        assertThat(recovered.storageType()).isEqualTo("gp2");
        // without preserveTags only Haven's marker, so that RDS copies none of the snapshot's bookkeeping tags
        assertThat(RdsTags.toMap(recovered.tagList())).containsOnly(entry("haven:recovered-from", snapshot.id()));
    }

    @Test
    void multiAzRecoveryLeavesTheRecordedZoneOut() {
        instance("orders-az", "db.t3.micro");
        Recoverable recoverable = recovery.recoverables(List.of(backup("orders-az", "5"))).get(0);

        RestoreDbInstanceFromDbSnapshotRequest request = InstanceRestorePlanner.plan(ctx, recoverable,
                Map.of("multiAz", "true", "autoMinorVersionUpgrade", "false", "publiclyAccessible", "false"));

        assertThat(request.multiAZ()).isTrue();
        assertThat(request.availabilityZone()).isNull();
        // moto drops false overrides, so the request is where false values can be seen
        assertThat(request.autoMinorVersionUpgrade()).isFalse();
        assertThat(request.publiclyAccessible()).isFalse();
        assertThat(rds.describeDBInstances().dbInstances()).extracting(DBInstance::dbInstanceIdentifier)
                .doesNotContain("orders-az-recovered");
    }

    @Test
    void aMultiAzOriginalDefaultsToMultiAzWithoutAZone() {
        rds.createDBInstance(b -> b.dbInstanceIdentifier("payments").engine("postgres").dbInstanceClass("db.t3.micro")
                .allocatedStorage(20).multiAZ(true).masterUsername("admin").masterUserPassword("secret-password"));
        Recoverable recoverable = recovery.recoverables(List.of(backup("payments", "9"))).get(0);

        assertThat(defaults(recoverable)).containsEntry("multiAz", "true").containsEntry("zone", null);
        RecordingProgress progress = new RecordingProgress();
        recovery.start(ctx, recoverable, Map.of(), progress);
        assertThat(describe("payments-recovered").multiAZ()).isTrue();
        assertThat(progress.created.get(0).details()).containsEntry("multiAz", "true");
    }

    @Test
    void checkRefusesAnIdentifierThatExistsAndCreatesNothing() {
        instance("crm", "db.t3.micro");
        Recoverable recoverable = recovery.recoverables(List.of(backup("crm", "6"))).get(0);
        instance("crm-taken", "db.t3.micro");
        List<String> before = identifiers();

        for (String taken : new String[] {"crm", "crm-taken"}) {
            assertThatThrownBy(() -> recovery.check(ctx, recoverable, Map.of("identifier", taken)))
                    .isInstanceOfSatisfying(InvalidRecoveryException.class, e -> {
                        assertThat(e.field()).isEqualTo("identifier");
                        assertThat(e.getMessage()).contains(taken, "already exists; choose another identifier");
                    });
        }
        RecordingProgress progress = new RecordingProgress();
        assertThatThrownBy(() -> recovery.start(ctx, recoverable, Map.of("identifier", "crm"), progress))
                .isInstanceOf(InvalidRecoveryException.class);
        assertThat(progress.created).isEmpty();
        assertThat(identifiers()).isEqualTo(before);
    }

    @Test
    void checkRefusesBadValuesNamingTheOptionAndCreatesNothing() {
        instance("shop", "db.t3.micro");
        Recoverable recoverable = recovery.recoverables(List.of(backup("shop", "7"))).get(0);
        List<String> before = identifiers();
        Map<Map<String, String>, String> bad = Map.ofEntries(
                Map.entry(Map.of("identifier", "Shop_Copy"), "identifier"),
                Map.entry(Map.of("identifier", "shop--copy"), "identifier"),
                Map.entry(Map.of("identifier", ""), "identifier"),
                Map.entry(Map.of("instanceClass", "m5.large"), "instanceClass"),
                Map.entry(Map.of("port", "80"), "port"),
                Map.entry(Map.of("port", "65536"), "port"),
                Map.entry(Map.of("port", "5432x"), "port"),
                Map.entry(Map.of("multiAz", "yes"), "multiAz"),
                Map.entry(Map.of("multiAz", "true", "zone", ZONE), "zone"),
                Map.entry(Map.of("zone", "us-east-1a"), "zone"),
                Map.entry(Map.of("zone", "eu-west-1z"), "zone"),
                Map.entry(Map.of("subnetGroup", "no-such-subnets"), "subnetGroup"),
                Map.entry(Map.of("parameterGroup", "no-such-parameters"), "parameterGroup"),
                Map.entry(Map.of("vpcSecurityGroups", "web"), "vpcSecurityGroups"),
                Map.entry(Map.of("vpcSecurityGroups", "sg-0123456789abcdef0"), "vpcSecurityGroups"),
                Map.entry(Map.of("storageType", "magnetic"), "storageType"),
                Map.entry(Map.of("storageType", "io1", "iops", ""), "iops"),
                Map.entry(Map.of("storageType", "gp2", "iops", "3000"), "iops"),
                Map.entry(Map.of("storageType", "io1", "iops", "500"), "iops"),
                Map.entry(Map.of("preserveTags", "maybe"), "preserveTags"));

        bad.forEach((choices, field) -> assertThatThrownBy(() -> recovery.check(ctx, recoverable, choices))
                .as(choices.toString())
                .isInstanceOfSatisfying(InvalidRecoveryException.class, e -> assertThat(e.field()).isEqualTo(field)));
        assertThat(identifiers()).isEqualTo(before);
    }

    @Test
    void unknownOptionsAreRefusedByName() {
        instance("hr", "db.t3.micro");
        Recoverable recoverable = recovery.recoverables(List.of(backup("hr", "8"))).get(0);

        assertThatThrownBy(() -> recovery.check(ctx, recoverable, Map.of("colour", "blue")))
                .isInstanceOfSatisfying(InvalidRecoveryException.class, e -> {
                    assertThat(e.field()).isEqualTo("colour");
                    assertThat(e.getMessage()).contains("colour", "identifier");
                });
    }

    @Test
    void pollReportsADatabaseThatIsGoneAsFailed() {
        RecoveryState state = recovery.poll(ctx, new RecoveredResource("rds-instance", "never-made", REGION, Map.of()));

        assertThat(state.state()).isEqualTo(RecoveryState.State.FAILED);
        assertThat(state.message()).contains("never-made");
    }

    @Test
    void statusesMapToRecoveryStates() {
        assertThat(RdsRecoveryStates.of("available", "db", null)).isEqualTo(RecoveryState.ready());
        assertThat(RdsRecoveryStates.of("creating", "db", null)).isEqualTo(RecoveryState.pending("creating"));
        assertThat(RdsRecoveryStates.of("backing-up", "db", null)).isEqualTo(RecoveryState.pending("backing-up"));
        RecoveryState failed = RdsRecoveryStates.of("incompatible-parameters", "RDS database x", "memory too small");
        assertThat(failed.state()).isEqualTo(RecoveryState.State.FAILED);
        assertThat(failed.message()).isEqualTo("RDS database x is incompatible-parameters: memory too small");
        assertThat(RdsRecoveryStates.of("restore-error", "db", null).state()).isEqualTo(RecoveryState.State.FAILED);
    }

    private Artifact backup(String instanceId, String backupId) {
        return type.startBackup(ctx, new TargetSpec("rds-instance", REGION, instanceId, Map.of()),
                new BackupRequest(backupId, "daily", "Haven backup " + backupId,
                        Map.of(HavenTags.BACKUP_ID, backupId, HavenTags.POLICY, "daily"))).get(0);
    }

    private static void instance(String id, String instanceClass) {
        rds.createDBInstance(b -> b.dbInstanceIdentifier(id).engine("postgres").dbInstanceClass(instanceClass)
                .allocatedStorage(20).availabilityZone(ZONE).masterUsername("admin").masterUserPassword("secret-password"));
    }

    private static DBInstance describe(String id) {
        return rds.describeDBInstances(b -> b.dbInstanceIdentifier(id)).dbInstances().get(0);
    }

    private static List<String> identifiers() {
        return rds.describeDBInstances().dbInstances().stream().map(DBInstance::dbInstanceIdentifier).sorted().toList();
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

    private static RecoveryOption option(Recoverable recoverable, String name) {
        return recoverable.options().stream().filter(option -> option.name().equals(name)).findFirst().orElseThrow();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
