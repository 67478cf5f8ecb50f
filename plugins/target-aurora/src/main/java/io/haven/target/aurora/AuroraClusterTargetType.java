package io.haven.target.aurora;

import io.haven.api.target.CopyRequest;
import io.haven.api.target.HavenTags;
import io.haven.aws.artifact.CopyErrors;
import io.haven.aws.artifact.CopyKeys;
import io.haven.aws.rds.RdsCopies;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.LimitCategory;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetNotFoundException;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.aws.artifact.ArtifactTags;
import io.haven.aws.artifact.AwsIdentifiers;
import io.haven.aws.artifact.CreateOnce;
import io.haven.aws.rds.RdsSnapshotStatus;
import io.haven.aws.rds.RdsSnapshots;
import io.haven.aws.rds.RdsTags;
import io.haven.aws.recovery.TagDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.osgi.service.component.annotations.Component;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * Backs up one Aurora DB cluster as one manual DB cluster snapshot (guide 4.2.2). Other clusters
 * that DescribeDBClusters lists (Multi-AZ DB clusters, Neptune, DocumentDB) are not Aurora.
 */
@Component(service = TargetType.class, property = TargetType.SERVICE_PROPERTY_TYPE + "=" + AuroraClusterTargetType.ID)
public final class AuroraClusterTargetType implements TargetType {

    public static final String ID = "aurora-cluster";
    /** {@link Artifact#kind()} of a DB cluster snapshot; its {@link Artifact#id()} is the snapshot identifier. */
    public static final String KIND = "aurora-snapshot";

    private static final String MANUAL = "manual";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Aurora cluster";
    }

    /**
     * Resource limits (guide 16.2): an Aurora cluster counts toward the user's RDS limit (guide 16.2 has no Aurora
     * limit of its own), with its storage in the 10 GiB steps that the licence counts (guide 4.2.2).
     */
    @Override
    public Optional<LimitCategory> limitCategory() {
        return Optional.of(LimitCategory.RDS_GIB);
    }

    @Override
    public OptionalLong limitUse(Resource resource) {
        return resource.wholeNumber("billedGiB");
    }

    /**
     * Aurora clusters take part in tag scans (guide 13). DescribeDBClusters has no tag filter but answers each
     * cluster's tags, so the default {@link #findTagged} (one paginated listing per region) is right.
     */
    @Override
    public boolean scansTags() {
        return true;
    }

    @Override
    public List<Resource> discover(CloudContext ctx) {
        List<Resource> resources = new ArrayList<>();
        for (DBCluster cluster : ctx.client(RdsClient.class).describeDBClustersPaginator().dbClusters()) {
            if (ClusterResources.isAurora(cluster)) {
                resources.add(ClusterResources.resourceOf(cluster, ctx.region()));
            }
        }
        return resources;
    }

    @Override
    public void validate(TargetSpec target) {
        if (!AwsIdentifiers.isValid(target.resourceId(), AwsIdentifiers.MAX_RESOURCE_LENGTH)) {
            throw new InvalidTargetException("resourceId", "A DB cluster identifier has 1 to 63 lower-case letters, "
                    + "digits or hyphens, starts with a letter and has no two hyphens in a row nor one at the end, not '"
                    + target.resourceId() + "'");
        }
        if (!target.options().isEmpty()) {
            throw new InvalidTargetException("options",
                    "Aurora cluster targets take no options, got: " + String.join(", ", target.options().keySet()));
        }
    }

    @Override
    public List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request) {
        DBCluster cluster = describe(ctx, target.resourceId());
        if (!ClusterResources.isAurora(cluster)) {
            throw new InvalidTargetException("resourceId", "DB cluster " + cluster.dbClusterIdentifier()
                    + " runs " + cluster.engine() + ", not Aurora");
        }
        String clusterId = cluster.dbClusterIdentifier();
        String snapshotId = AwsIdentifiers.snapshotIdentifier(request.policyName(), clusterId, request.backupId());
        String name = request.policyName() + "-" + clusterId;
        Map<String, String> recorded = ClusterResources.snapshotDetails(cluster, writer(ctx, cluster));
        List<String> leftOff = TagDetails.recordFitting(RdsTags.toMap(cluster.tagList()),
                ArtifactTags.of(ID, name, request, recorded).size(), recorded);
        Map<String, String> tags = ArtifactTags.of(ID, name, request, recorded);
        if (!leftOff.isEmpty()) {
            request.log().warning(TagDetails.leftOffMessage("Aurora cluster " + clusterId, leftOff));
        }
        // read back from the tags, so that findByBackupId rebuilds exactly this artifact
        Map<String, String> details = ArtifactTags.details(tags);
        RdsClient rds = ctx.client(RdsClient.class);
        try {
            // Snapshot identifiers are unique: "already exists" or a lost answer is settled by reading it back.
            DBClusterSnapshot snapshot = CreateOnce.of("DB cluster snapshot " + snapshotId + " of " + clusterId,
                            () -> rds.createDBClusterSnapshot(b -> b
                                    .dbClusterIdentifier(clusterId)
                                    .dbClusterSnapshotIdentifier(snapshotId)
                                    .tags(RdsTags.toTags(tags))
                                    .overrideConfiguration(CreateOnce.THROTTLING_RETRIES_ONLY)).dbClusterSnapshot(),
                            () -> made(rds, snapshotId, request.backupId()),
                            DBClusterSnapshot::dbClusterSnapshotIdentifier)
                    .alreadyExists(e -> e instanceof DbClusterSnapshotAlreadyExistsException)
                    .run(request.resumed(), request.log());
            return List.of(new Artifact(KIND, snapshot.dbClusterSnapshotIdentifier(), ctx.region(), clusterId, details));
        } catch (DbClusterNotFoundException e) {
            // deleted between the describe and the snapshot
            throw notFound(clusterId);
        }
    }

    @Override
    public ArtifactStatus poll(CloudContext ctx, Artifact artifact) {
        try {
            return ctx.client(RdsClient.class)
                    .describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(artifact.id()))
                    .dbClusterSnapshots().stream().findFirst()
                    .map(RdsSnapshotStatus::of)
                    .orElseGet(() -> RdsSnapshotStatus.gone(artifact.id()));
        } catch (DbClusterSnapshotNotFoundException e) {
            return RdsSnapshotStatus.gone(artifact.id());
        }
    }

    /**
     * One DescribeDBClusterSnapshots per 100 snapshots (a {@code db-cluster-snapshot-id} filter), judged as
     * {@link #poll} judges one; a snapshot missing from the answer is left out, so that core asks {@link #poll} why.
     */
    @Override
    public Map<String, ArtifactStatus> pollAll(CloudContext ctx, List<Artifact> artifacts) {
        return RdsSnapshots.clusterSnapshotStatuses(ctx.client(RdsClient.class),
                artifacts.stream().map(Artifact::id).toList());
    }

    @Override
    public void delete(CloudContext ctx, Artifact artifact) {
        try {
            ctx.client(RdsClient.class).deleteDBClusterSnapshot(b -> b.dbClusterSnapshotIdentifier(artifact.id()));
        } catch (DbClusterSnapshotNotFoundException e) {
            // already gone: what delete is for
        }
    }

    @Override
    public List<Artifact> findByBackupId(CloudContext ctx, String backupId) {
        RdsClient rds = ctx.client(RdsClient.class);
        List<Artifact> found = new ArrayList<>();
        // DescribeDBClusterSnapshots has no tag filter, but answers each snapshot's tags: one listing of the manual
        // snapshots.
        for (DBClusterSnapshot snapshot
                : rds.describeDBClusterSnapshotsPaginator(b -> b.snapshotType(MANUAL)).dbClusterSnapshots()) {
            Map<String, String> tags = tagsOf(rds, snapshot);
            if (ArtifactTags.belongsTo(tags, ID, backupId) && !tags.containsKey(HavenTags.COPY_OF)) {
                found.add(new Artifact(KIND, snapshot.dbClusterSnapshotIdentifier(), ctx.region(),
                        snapshot.dbClusterIdentifier(), ArtifactTags.details(tags)));
            }
        }
        return found;
    }

    /** Aurora cluster snapshots are copied to other regions for disaster recovery (guide 10). */
    @Override
    public Optional<String> notCopiedBecause() {
        return Optional.empty();
    }

    /**
     * CopyDBClusterSnapshot in the destination from the source's ARN, tagged at creation, with the key of the same
     * alias (guide 10.5.2). The copy's identifier is the source's with {@code -dr}.
     */
    @Override
    public Artifact startCopy(CloudContext source, CloudContext destination, Artifact artifact, CopyRequest request) {
        try {
            DBClusterSnapshot described = source.client(RdsClient.class)
                    .describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(artifact.id())).dbClusterSnapshots()
                    .stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("DB cluster snapshot " + artifact.id()
                            + " no longer exists in " + source.region()));
            Optional<String> key = CopyKeys.forCopy(source, destination,
                    Boolean.TRUE.equals(described.storageEncrypted()), described.kmsKeyId(), RdsCopies.DEFAULT_KEY_ALIAS);
            Map<String, String> tags = RdsCopies.tags(ID, request.policyName() + "-" + artifact.resourceId() + "-dr",
                    request, artifact.details());
            String copyId = RdsCopies.copyIdentifier(artifact.id());
            DBClusterSnapshot copy = destination.client(RdsClient.class).copyDBClusterSnapshot(b -> {
                b.sourceDBClusterSnapshotIdentifier(described.dbClusterSnapshotArn())
                        .targetDBClusterSnapshotIdentifier(copyId).tags(RdsTags.toTags(tags));
                key.ifPresent(b::kmsKeyId);
            }).dbClusterSnapshot();
            return new Artifact(KIND, copy.dbClusterSnapshotIdentifier(), destination.region(), artifact.resourceId(),
                    RdsCopies.details(tags));
        } catch (AwsServiceException e) {
            throw CopyErrors.deferredOr(e);
        }
    }

    /** Aurora cluster snapshots are shared with a DR account, which copies them from their ARN (guide 11). */
    @Override
    public Optional<String> notSharedBecause() {
        return Optional.empty();
    }

    /** ModifyDBClusterSnapshotAttribute: the DR account is added to the snapshot's {@code restore} attribute. */
    @Override
    public void share(CloudContext source, Artifact artifact, String awsAccountId) {
        source.client(RdsClient.class).modifyDBClusterSnapshotAttribute(b -> b
                .dbClusterSnapshotIdentifier(artifact.id()).attributeName("restore").valuesToAdd(awsAccountId));
    }

    /** Another account restores a shared cluster snapshot by its ARN. */
    @Override
    public Artifact sharedAs(CloudContext source, Artifact artifact) {
        String arn = source.client(RdsClient.class)
                .describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(artifact.id())).dbClusterSnapshots()
                .get(0).dbClusterSnapshotArn();
        return new Artifact(artifact.kind(), arn, artifact.region(), artifact.resourceId(), artifact.details());
    }

    /** AddTagsToResource on the cluster snapshot's ARN. */
    @Override
    public void tag(CloudContext ctx, Artifact artifact, Map<String, String> tags) {
        RdsClient rds = ctx.client(RdsClient.class);
        String arn = rds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(artifact.id()))
                .dbClusterSnapshots().get(0).dbClusterSnapshotArn();
        rds.addTagsToResource(b -> b.resourceName(arn).tags(RdsTags.toTags(tags)));
    }

    @Override
    public List<Artifact> findCopies(CloudContext destination, String backupId) {
        RdsClient rds = destination.client(RdsClient.class);
        List<Artifact> found = new ArrayList<>();
        for (DBClusterSnapshot snapshot
                : rds.describeDBClusterSnapshotsPaginator(b -> b.snapshotType(MANUAL)).dbClusterSnapshots()) {
            Map<String, String> tags = tagsOf(rds, snapshot);
            if (ArtifactTags.belongsTo(tags, ID, backupId) && tags.containsKey(HavenTags.COPY_OF)) {
                found.add(new Artifact(KIND, snapshot.dbClusterSnapshotIdentifier(), destination.region(),
                        snapshot.dbClusterIdentifier(), RdsCopies.details(tags)));
            }
        }
        return found;
    }

    /** The cluster snapshot of that identifier if this type made it for the run. */
    private static Optional<DBClusterSnapshot> made(RdsClient rds, String snapshotId, String backupId) {
        try {
            return rds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(snapshotId)).dbClusterSnapshots()
                    .stream()
                    .filter(snapshot -> ArtifactTags.belongsTo(tagsOf(rds, snapshot), ID, backupId))
                    .findFirst();
        } catch (DbClusterSnapshotNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> tagsOf(RdsClient rds, DBClusterSnapshot snapshot) {
        return RdsSnapshots.tags(rds, snapshot);
    }

    private static DBCluster describe(CloudContext ctx, String clusterId) {
        try {
            return ctx.client(RdsClient.class).describeDBClusters(b -> b.dbClusterIdentifier(clusterId))
                    .dbClusters().stream().findFirst()
                    .orElseThrow(() -> notFound(clusterId));
        } catch (DbClusterNotFoundException e) {
            throw notFound(clusterId);
        }
    }

    /** The cluster's writer instance, whose class and zone recovery offers; absent while it has none. */
    private static Optional<DBInstance> writer(CloudContext ctx, DBCluster cluster) {
        Optional<String> writerId = ClusterResources.writerId(cluster);
        if (writerId.isEmpty()) {
            return Optional.empty();
        }
        try {
            return ctx.client(RdsClient.class).describeDBInstances(b -> b.dbInstanceIdentifier(writerId.get()))
                    .dbInstances().stream().findFirst();
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static TargetNotFoundException notFound(String clusterId) {
        return new TargetNotFoundException("Aurora DB cluster " + clusterId + " does not exist");
    }
}
