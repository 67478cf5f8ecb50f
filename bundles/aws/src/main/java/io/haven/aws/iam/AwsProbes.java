package io.haven.aws.iam;

import static io.haven.aws.iam.Probes.NO_SUCH_IMAGE;
import static io.haven.aws.iam.Probes.NO_SUCH_INSTANCE;
import static io.haven.aws.iam.Probes.NO_SUCH_NAME;
import static io.haven.aws.iam.Probes.NO_SUCH_SNAPSHOT;
import static io.haven.aws.iam.Probes.NO_SUCH_VOLUME;

import io.haven.api.permission.Decision;
import io.haven.api.target.CloudContext;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.redshift.RedshiftClient;

/**
 * A harmless call for each AWS action Haven's plugins use: EC2 calls with {@code DryRun}, describes of one
 * made-up name, and changes naming a resource that cannot exist, which AWS authorizes before it finds the
 * resource missing (see {@link Probes}). Nothing is ever created, changed or deleted. Actions without such a
 * call ({@code iam:PassRole}) are {@link Decision#UNKNOWN}.
 */
public final class AwsProbes {

    // by lower-case action: IAM action names are case-insensitive
    private static final Map<String, Consumer<CloudContext>> CALLS = new HashMap<>();
    private static final Set<String> ACTIONS = new TreeSet<>();

    static {
        ec2("DescribeAvailabilityZones", (ec2, ctx) -> ec2.describeAvailabilityZones(b -> b.dryRun(true)));
        ec2("DescribeRegions", (ec2, ctx) -> ec2.describeRegions(b -> b.dryRun(true)));
        ec2("DescribeVolumes", (ec2, ctx) -> ec2.describeVolumes(b -> b.dryRun(true).maxResults(5)));
        ec2("DescribeSnapshots", (ec2, ctx) -> ec2.describeSnapshots(b -> b.dryRun(true).ownerIds("self").maxResults(5)));
        ec2("DescribeInstances", (ec2, ctx) -> ec2.describeInstances(b -> b.dryRun(true).maxResults(5)));
        ec2("DescribeInstanceAttribute", (ec2, ctx) -> ec2.describeInstanceAttribute(b -> b.dryRun(true)
                .instanceId(NO_SUCH_INSTANCE).attribute(InstanceAttributeName.INSTANCE_TYPE)));
        ec2("DescribeImages", (ec2, ctx) -> ec2.describeImages(b -> b.dryRun(true).imageIds(NO_SUCH_IMAGE)));
        ec2("DescribeKeyPairs", (ec2, ctx) -> ec2.describeKeyPairs(b -> b.dryRun(true)));
        ec2("DescribeSecurityGroups", (ec2, ctx) -> ec2.describeSecurityGroups(b -> b.dryRun(true).maxResults(5)));
        ec2("DescribeSubnets", (ec2, ctx) -> ec2.describeSubnets(b -> b.dryRun(true).maxResults(5)));
        ec2("DescribeNetworkInterfaces", (ec2, ctx) -> ec2.describeNetworkInterfaces(b -> b.dryRun(true).maxResults(5)));
        ec2("CreateSnapshot", (ec2, ctx) -> ec2.createSnapshot(b -> b.dryRun(true).volumeId(NO_SUCH_VOLUME)));
        // An instance's volumes are snapshotted together (decision 33): AWS authorizes that as its own action
        ec2("CreateSnapshots", (ec2, ctx) -> ec2.createSnapshots(b -> b.dryRun(true)
                .instanceSpecification(s -> s.instanceId(NO_SUCH_INSTANCE))));
        ec2("CreateImage", (ec2, ctx) -> ec2.createImage(b -> b.dryRun(true).instanceId(NO_SUCH_INSTANCE).name(NO_SUCH_NAME)));
        ec2("CreateTags", (ec2, ctx) -> ec2.createTags(b -> b.dryRun(true).resources(NO_SUCH_SNAPSHOT)
                .tags(t -> t.key("haven:permission-probe").value("true"))));
        ec2("DeleteSnapshot", (ec2, ctx) -> ec2.deleteSnapshot(b -> b.dryRun(true).snapshotId(NO_SUCH_SNAPSHOT)));
        ec2("DeregisterImage", (ec2, ctx) -> ec2.deregisterImage(b -> b.dryRun(true).imageId(NO_SUCH_IMAGE)));
        // Disaster-recovery copies, called in the destination; the probe copies within the context's region.
        ec2("CopySnapshot", (ec2, ctx) -> ec2.copySnapshot(b -> b.dryRun(true).sourceRegion(ctx.region())
                .sourceSnapshotId(NO_SUCH_SNAPSHOT)));
        ec2("CopyImage", (ec2, ctx) -> ec2.copyImage(b -> b.dryRun(true).sourceRegion(ctx.region())
                .sourceImageId(NO_SUCH_IMAGE).name(NO_SUCH_NAME)));
        // Cross-account DR (guide 11): sharing a snapshot or an image with the DR account, in the source account
        ec2("ModifySnapshotAttribute", (ec2, ctx) -> ec2.modifySnapshotAttribute(b -> b.dryRun(true)
                .snapshotId(NO_SUCH_SNAPSHOT).attribute(software.amazon.awssdk.services.ec2.model.SnapshotAttributeName.CREATE_VOLUME_PERMISSION)
                .operationType(software.amazon.awssdk.services.ec2.model.OperationType.ADD).userIds(ctx.awsAccountId())));
        ec2("ModifyImageAttribute", (ec2, ctx) -> ec2.modifyImageAttribute(b -> b.dryRun(true).imageId(NO_SUCH_IMAGE)
                .launchPermission(p -> p.add(l -> l.userId(ctx.awsAccountId())))));
        ec2("RegisterImage", (ec2, ctx) -> ec2.registerImage(b -> b.dryRun(true).name(NO_SUCH_NAME)
                .rootDeviceName("/dev/xvda").blockDeviceMappings(m -> m.deviceName("/dev/xvda")
                        .ebs(e -> e.snapshotId(NO_SUCH_SNAPSHOT)))));
        ec2("RunInstances", (ec2, ctx) -> ec2.runInstances(b -> b.dryRun(true).imageId(NO_SUCH_IMAGE)
                .instanceType(InstanceType.T3_MICRO).minCount(1).maxCount(1)));
        ec2("StopInstances", (ec2, ctx) -> ec2.stopInstances(b -> b.dryRun(true).instanceIds(NO_SUCH_INSTANCE)));
        ec2("StartInstances", (ec2, ctx) -> ec2.startInstances(b -> b.dryRun(true).instanceIds(NO_SUCH_INSTANCE)));
        ec2("ModifyInstanceAttribute", (ec2, ctx) -> ec2.modifyInstanceAttribute(b -> b.dryRun(true)
                .instanceId(NO_SUCH_INSTANCE).disableApiTermination(a -> a.value(false))));
        ec2("CreateVolume", (ec2, ctx) -> ec2.createVolume(b -> b.dryRun(true).availabilityZone(ctx.region() + "a")
                .snapshotId(NO_SUCH_SNAPSHOT)));
        ec2("AttachVolume", (ec2, ctx) -> ec2.attachVolume(b -> b.dryRun(true).volumeId(NO_SUCH_VOLUME)
                .instanceId(NO_SUCH_INSTANCE).device("/dev/sdf")));
        ec2("DetachVolume", (ec2, ctx) -> ec2.detachVolume(b -> b.dryRun(true).volumeId(NO_SUCH_VOLUME)
                .instanceId(NO_SUCH_INSTANCE)));
        ec2("DeleteVolume", (ec2, ctx) -> ec2.deleteVolume(b -> b.dryRun(true).volumeId(NO_SUCH_VOLUME)));

        rds("DescribeDBInstances", (rds, ctx) -> rds.describeDBInstances(b -> b.dbInstanceIdentifier(NO_SUCH_NAME)));
        rds("DescribeDBClusters", (rds, ctx) -> rds.describeDBClusters(b -> b.dbClusterIdentifier(NO_SUCH_NAME)));
        rds("DescribeDBSnapshots", (rds, ctx) -> rds.describeDBSnapshots(b -> b.dbSnapshotIdentifier(NO_SUCH_NAME)));
        rds("DescribeDBClusterSnapshots", (rds, ctx) -> rds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(NO_SUCH_NAME)));
        rds("DescribeDBSubnetGroups", (rds, ctx) -> rds.describeDBSubnetGroups(b -> b.dbSubnetGroupName(NO_SUCH_NAME)));
        rds("DescribeDBParameterGroups", (rds, ctx) -> rds.describeDBParameterGroups(b -> b.dbParameterGroupName(NO_SUCH_NAME)));
        rds("DescribeDBClusterParameterGroups", (rds, ctx) -> rds.describeDBClusterParameterGroups(
                b -> b.dbClusterParameterGroupName(NO_SUCH_NAME)));
        rds("DescribeEvents", (rds, ctx) -> rds.describeEvents(b -> b.maxRecords(20).duration(60)));
        rds("CreateDBSnapshot", (rds, ctx) -> rds.createDBSnapshot(b -> b.dbInstanceIdentifier(NO_SUCH_NAME)
                .dbSnapshotIdentifier(NO_SUCH_NAME)));
        rds("CreateDBClusterSnapshot", (rds, ctx) -> rds.createDBClusterSnapshot(b -> b.dbClusterIdentifier(NO_SUCH_NAME)
                .dbClusterSnapshotIdentifier(NO_SUCH_NAME)));
        rds("AddTagsToResource", (rds, ctx) -> rds.addTagsToResource(b -> b.resourceName(rdsSnapshotArn(ctx))
                .tags(t -> t.key("haven:permission-probe").value("true"))));
        rds("ListTagsForResource", (rds, ctx) -> rds.listTagsForResource(b -> b.resourceName(rdsSnapshotArn(ctx))));
        rds("CopyDBSnapshot", (rds, ctx) -> rds.copyDBSnapshot(b -> b.sourceDBSnapshotIdentifier(NO_SUCH_NAME)
                .targetDBSnapshotIdentifier(NO_SUCH_NAME)));
        rds("CopyDBClusterSnapshot", (rds, ctx) -> rds.copyDBClusterSnapshot(
                b -> b.sourceDBClusterSnapshotIdentifier(NO_SUCH_NAME).targetDBClusterSnapshotIdentifier(NO_SUCH_NAME)));
        rds("ModifyDBSnapshotAttribute", (rds, ctx) -> rds.modifyDBSnapshotAttribute(b -> b
                .dbSnapshotIdentifier(NO_SUCH_NAME).attributeName("restore").valuesToAdd(ctx.awsAccountId())));
        rds("ModifyDBClusterSnapshotAttribute", (rds, ctx) -> rds.modifyDBClusterSnapshotAttribute(b -> b
                .dbClusterSnapshotIdentifier(NO_SUCH_NAME).attributeName("restore").valuesToAdd(ctx.awsAccountId())));
        rds("DeleteDBSnapshot", (rds, ctx) -> rds.deleteDBSnapshot(b -> b.dbSnapshotIdentifier(NO_SUCH_NAME)));
        rds("DeleteDBClusterSnapshot", (rds, ctx) -> rds.deleteDBClusterSnapshot(b -> b.dbClusterSnapshotIdentifier(NO_SUCH_NAME)));
        rds("RestoreDBInstanceFromDBSnapshot", (rds, ctx) -> rds.restoreDBInstanceFromDBSnapshot(
                b -> b.dbInstanceIdentifier(NO_SUCH_NAME).dbSnapshotIdentifier(NO_SUCH_NAME)));
        rds("RestoreDBClusterFromSnapshot", (rds, ctx) -> rds.restoreDBClusterFromSnapshot(
                b -> b.dbClusterIdentifier(NO_SUCH_NAME).snapshotIdentifier(NO_SUCH_NAME).engine("aurora-postgresql")));
        // An instance class that does not exist, in a cluster that does not exist: refused after authorization.
        rds("CreateDBInstance", (rds, ctx) -> rds.createDBInstance(b -> b.dbInstanceIdentifier(NO_SUCH_NAME)
                .dbClusterIdentifier(NO_SUCH_NAME).engine("aurora-postgresql").dbInstanceClass("db.haven.probe")));

        redshift("DescribeClusters", (rs, ctx) -> rs.describeClusters(b -> b.clusterIdentifier(NO_SUCH_NAME)));
        redshift("DescribeClusterSnapshots", (rs, ctx) -> rs.describeClusterSnapshots(b -> b.snapshotIdentifier(NO_SUCH_NAME)));
        redshift("DescribeClusterSubnetGroups", (rs, ctx) -> rs.describeClusterSubnetGroups(b -> b.clusterSubnetGroupName(NO_SUCH_NAME)));
        redshift("DescribeClusterParameterGroups", (rs, ctx) -> rs.describeClusterParameterGroups(b -> b.parameterGroupName(NO_SUCH_NAME)));
        redshift("CreateClusterSnapshot", (rs, ctx) -> rs.createClusterSnapshot(b -> b.clusterIdentifier(NO_SUCH_NAME)
                .snapshotIdentifier(NO_SUCH_NAME)));
        redshift("DeleteClusterSnapshot", (rs, ctx) -> rs.deleteClusterSnapshot(b -> b.snapshotIdentifier(NO_SUCH_NAME)));
        redshift("CreateTags", (rs, ctx) -> rs.createTags(b -> b.resourceName(redshiftSnapshotArn(ctx))
                .tags(t -> t.key("haven:permission-probe").value("true"))));
        redshift("DeleteTags", (rs, ctx) -> rs.deleteTags(b -> b.resourceName(redshiftSnapshotArn(ctx))
                .tagKeys("haven:permission-probe")));
        redshift("RestoreFromClusterSnapshot", (rs, ctx) -> rs.restoreFromClusterSnapshot(
                b -> b.clusterIdentifier(NO_SUCH_NAME).snapshotIdentifier(NO_SUCH_NAME)));

        dynamodb("ListTables", (db, ctx) -> db.listTables(b -> b.limit(1)));
        dynamodb("ListBackups", (db, ctx) -> db.listBackups(b -> b.limit(1)));
        dynamodb("DescribeTable", (db, ctx) -> db.describeTable(b -> b.tableName(NO_SUCH_NAME)));
        dynamodb("DescribeTimeToLive", (db, ctx) -> db.describeTimeToLive(b -> b.tableName(NO_SUCH_NAME)));
        dynamodb("ListTagsOfResource", (db, ctx) -> db.listTagsOfResource(b -> b.resourceArn(tableArn(ctx))));
        dynamodb("TagResource", (db, ctx) -> db.tagResource(b -> b.resourceArn(tableArn(ctx))
                .tags(t -> t.key("haven:permission-probe").value("true"))));
        dynamodb("CreateBackup", (db, ctx) -> db.createBackup(b -> b.tableName(NO_SUCH_NAME).backupName(NO_SUCH_NAME)));
        dynamodb("DescribeBackup", (db, ctx) -> db.describeBackup(b -> b.backupArn(backupArn(ctx))));
        dynamodb("DeleteBackup", (db, ctx) -> db.deleteBackup(b -> b.backupArn(backupArn(ctx))));
        dynamodb("RestoreTableFromBackup", (db, ctx) -> db.restoreTableFromBackup(b -> b.backupArn(backupArn(ctx))
                .targetTableName(NO_SUCH_NAME)));
        dynamodb("UpdateTimeToLive", (db, ctx) -> db.updateTimeToLive(b -> b.tableName(NO_SUCH_NAME)
                .timeToLiveSpecification(s -> s.attributeName("expires").enabled(false))));
        dynamodb("PutItem", (db, ctx) -> db.putItem(b -> b.tableName(NO_SUCH_NAME).item(key())));
        dynamodb("UpdateItem", (db, ctx) -> db.updateItem(b -> b.tableName(NO_SUCH_NAME).key(key())));
        dynamodb("DeleteItem", (db, ctx) -> db.deleteItem(b -> b.tableName(NO_SUCH_NAME).key(key())));
        dynamodb("GetItem", (db, ctx) -> db.getItem(b -> b.tableName(NO_SUCH_NAME).key(key())));
        dynamodb("Query", (db, ctx) -> db.query(b -> b.tableName(NO_SUCH_NAME).keyConditionExpression("id = :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS("probe")))));
        dynamodb("Scan", (db, ctx) -> db.scan(b -> b.tableName(NO_SUCH_NAME).limit(1)));
        dynamodb("BatchWriteItem", (db, ctx) -> db.batchWriteItem(b -> b.requestItems(Map.of(NO_SUCH_NAME,
                List.of(WriteRequest.builder().putRequest(PutRequest.builder().item(key()).build()).build())))));

        // The keys of disaster-recovery copies are found by alias (io.haven.aws.artifact.CopyKeys): a listing.
        kms("ListAliases", (kms, ctx) -> kms.listAliases(b -> b.limit(1)));

        // sts:GetCallerIdentity needs no probe: the check calls it first, and no IAM policy can deny it.
    }

    private AwsProbes() {
    }

    /** The actions that have a harmless call, as IAM policies name them ({@code ec2:CreateSnapshot}). */
    public static Set<String> probedActions() {
        return Collections.unmodifiableSet(ACTIONS);
    }

    /** Makes the action's harmless call with the context's identity and reads the answer. */
    public static Decision probe(CloudContext ctx, String action) {
        Consumer<CloudContext> call = CALLS.get(action.toLowerCase(Locale.ROOT));
        return call == null ? Decision.UNKNOWN : Probes.decide(() -> call.accept(ctx));
    }

    private interface Call<C> {
        void run(C client, CloudContext ctx);
    }

    private static void ec2(String action, Call<Ec2Client> call) {
        add("ec2:" + action, ctx -> call.run(ctx.client(Ec2Client.class), ctx));
    }

    private static void rds(String action, Call<RdsClient> call) {
        add("rds:" + action, ctx -> call.run(ctx.client(RdsClient.class), ctx));
    }

    private static void redshift(String action, Call<RedshiftClient> call) {
        add("redshift:" + action, ctx -> call.run(ctx.client(RedshiftClient.class), ctx));
    }

    private static void dynamodb(String action, Call<DynamoDbClient> call) {
        add("dynamodb:" + action, ctx -> call.run(ctx.client(DynamoDbClient.class), ctx));
    }

    private static void kms(String action, Call<KmsClient> call) {
        add("kms:" + action, ctx -> call.run(ctx.client(KmsClient.class), ctx));
    }

    private static void add(String action, Consumer<CloudContext> call) {
        ACTIONS.add(action);
        CALLS.put(action.toLowerCase(Locale.ROOT), call);
    }

    private static Map<String, AttributeValue> key() {
        return Map.of("id", AttributeValue.fromS("haven-permission-probe"));
    }

    private static String rdsSnapshotArn(CloudContext ctx) {
        return "arn:aws:rds:" + ctx.region() + ":" + ctx.awsAccountId() + ":snapshot:" + NO_SUCH_NAME;
    }

    private static String redshiftSnapshotArn(CloudContext ctx) {
        return "arn:aws:redshift:" + ctx.region() + ":" + ctx.awsAccountId() + ":snapshot:" + NO_SUCH_NAME + "/" + NO_SUCH_NAME;
    }

    private static String tableArn(CloudContext ctx) {
        return "arn:aws:dynamodb:" + ctx.region() + ":" + ctx.awsAccountId() + ":table/" + NO_SUCH_NAME;
    }

    private static String backupArn(CloudContext ctx) {
        return tableArn(ctx) + "/backup/01700000000000-haven000";
    }
}
