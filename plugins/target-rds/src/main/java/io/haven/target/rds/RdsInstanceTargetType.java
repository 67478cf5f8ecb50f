package io.haven.target.rds;

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
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;

/**
 * Backs up one RDS DB instance as one manual DB snapshot. Instances that belong to a DB cluster
 * (Aurora, Multi-AZ DB clusters) are snapshotted with their cluster and are not offered here.
 */
@Component(service = TargetType.class, property = TargetType.SERVICE_PROPERTY_TYPE + "=" + RdsInstanceTargetType.ID)
public final class RdsInstanceTargetType implements TargetType {

    public static final String ID = "rds-instance";
    /** {@link Artifact#kind()} of a DB snapshot; its {@link Artifact#id()} is the snapshot identifier. */
    public static final String KIND = "rds-snapshot";

    private static final String MANUAL = "manual";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "RDS database";
    }

    /** Resource limits (guide 16.2): a database counts its allocated storage toward the user's RDS limit. */
    @Override
    public Optional<LimitCategory> limitCategory() {
        return Optional.of(LimitCategory.RDS_GIB);
    }

    @Override
    public OptionalLong limitUse(Resource resource) {
        return resource.wholeNumber("sizeGiB");
    }

    /**
     * RDS databases take part in tag scans (guide 13). DescribeDBInstances has no tag filter but answers each
     * database's tags, so the default {@link #findTagged} (one paginated listing per region) is right.
     */
    @Override
    public boolean scansTags() {
        return true;
    }

    @Override
    public List<Resource> discover(CloudContext ctx) {
        List<Resource> resources = new ArrayList<>();
        for (DBInstance db : ctx.client(RdsClient.class).describeDBInstancesPaginator().dbInstances()) {
            if (db.dbClusterIdentifier() == null) {
                resources.add(DbInstanceResources.resourceOf(db, ctx.region()));
            }
        }
        return resources;
    }

    @Override
    public void validate(TargetSpec target) {
        if (!AwsIdentifiers.isValid(target.resourceId(), AwsIdentifiers.MAX_RESOURCE_LENGTH)) {
            throw new InvalidTargetException("resourceId", "A DB instance identifier has 1 to 63 lower-case letters, "
                    + "digits or hyphens, starts with a letter and has no two hyphens in a row nor one at the end, not '"
                    + target.resourceId() + "'");
        }
        if (!target.options().isEmpty()) {
            throw new InvalidTargetException("options",
                    "RDS database targets take no options, got: " + String.join(", ", target.options().keySet()));
        }
    }

    @Override
    public List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request) {
        DBInstance db = describe(ctx, target.resourceId());
        if (db.dbClusterIdentifier() != null) {
            throw new InvalidTargetException("resourceId", "DB instance " + db.dbInstanceIdentifier()
                    + " belongs to DB cluster " + db.dbClusterIdentifier() + ": back up the cluster instead");
        }
        String instanceId = db.dbInstanceIdentifier();
        String snapshotId = AwsIdentifiers.snapshotIdentifier(request.policyName(), instanceId, request.backupId());
        String name = request.policyName() + "-" + instanceId;
        Map<String, String> recorded = DbInstanceResources.snapshotDetails(db);
        List<String> leftOff = TagDetails.recordFitting(RdsTags.toMap(db.tagList()),
                ArtifactTags.of(ID, name, request, recorded).size(), recorded);
        Map<String, String> tags = ArtifactTags.of(ID, name, request, recorded);
        if (!leftOff.isEmpty()) {
            request.log().warning(TagDetails.leftOffMessage("RDS instance " + instanceId, leftOff));
        }
        // read back from the tags, so that findByBackupId rebuilds exactly this artifact
        Map<String, String> details = ArtifactTags.details(tags);
        RdsClient rds = ctx.client(RdsClient.class);
        try {
            // Snapshot identifiers are unique: "already exists" or a lost answer is settled by reading it back.
            DBSnapshot snapshot = CreateOnce.of("DB snapshot " + snapshotId + " of " + instanceId,
                            () -> rds.createDBSnapshot(b -> b
                                    .dbInstanceIdentifier(instanceId)
                                    .dbSnapshotIdentifier(snapshotId)
                                    .tags(RdsTags.toTags(tags))
                                    .overrideConfiguration(CreateOnce.THROTTLING_RETRIES_ONLY)).dbSnapshot(),
                            () -> made(rds, snapshotId, request.backupId()),
                            DBSnapshot::dbSnapshotIdentifier)
                    .alreadyExists(e -> e instanceof DbSnapshotAlreadyExistsException)
                    .run(request.resumed(), request.log());
            return List.of(new Artifact(KIND, snapshot.dbSnapshotIdentifier(), ctx.region(), instanceId, details));
        } catch (DbInstanceNotFoundException e) {
            // deleted between the describe and the snapshot
            throw notFound(instanceId);
        }
    }

    @Override
    public ArtifactStatus poll(CloudContext ctx, Artifact artifact) {
        try {
            return ctx.client(RdsClient.class).describeDBSnapshots(b -> b.dbSnapshotIdentifier(artifact.id()))
                    .dbSnapshots().stream().findFirst()
                    .map(RdsSnapshotStatus::of)
                    .orElseGet(() -> RdsSnapshotStatus.gone(artifact.id()));
        } catch (DbSnapshotNotFoundException e) {
            return RdsSnapshotStatus.gone(artifact.id());
        }
    }

    /**
     * One DescribeDBSnapshots per 100 snapshots (a {@code db-snapshot-id} filter), judged as {@link #poll} judges
     * one; a snapshot missing from the answer is left out, so that core asks {@link #poll} why.
     */
    @Override
    public Map<String, ArtifactStatus> pollAll(CloudContext ctx, List<Artifact> artifacts) {
        return RdsSnapshots.dbSnapshotStatuses(ctx.client(RdsClient.class),
                artifacts.stream().map(Artifact::id).toList());
    }

    @Override
    public void delete(CloudContext ctx, Artifact artifact) {
        try {
            ctx.client(RdsClient.class).deleteDBSnapshot(b -> b.dbSnapshotIdentifier(artifact.id()));
        } catch (DbSnapshotNotFoundException e) {
            // already gone: what delete is for
        }
    }

    @Override
    public List<Artifact> findByBackupId(CloudContext ctx, String backupId) {
        RdsClient rds = ctx.client(RdsClient.class);
        List<Artifact> found = new ArrayList<>();
        // DescribeDBSnapshots has no tag filter, but answers each snapshot's tags: one listing of the manual snapshots.
        for (DBSnapshot snapshot : rds.describeDBSnapshotsPaginator(b -> b.snapshotType(MANUAL)).dbSnapshots()) {
            Map<String, String> tags = tagsOf(rds, snapshot);
            if (ArtifactTags.belongsTo(tags, ID, backupId) && !tags.containsKey(HavenTags.COPY_OF)) {
                found.add(new Artifact(KIND, snapshot.dbSnapshotIdentifier(), ctx.region(),
                        snapshot.dbInstanceIdentifier(), ArtifactTags.details(tags)));
            }
        }
        return found;
    }

    /** RDS snapshots are copied to other regions for disaster recovery (guide 10). */
    @Override
    public Optional<String> notCopiedBecause() {
        return Optional.empty();
    }

    /**
     * CopyDBSnapshot in the destination from the source's ARN, tagged at creation, with the key of the same alias
     * (guide 10.5.2). The copy's identifier is the source's with {@code -dr}.
     */
    @Override
    public Artifact startCopy(CloudContext source, CloudContext destination, Artifact artifact, CopyRequest request) {
        try {
            DBSnapshot described = source.client(RdsClient.class)
                    .describeDBSnapshots(b -> b.dbSnapshotIdentifier(artifact.id())).dbSnapshots().stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("DB snapshot " + artifact.id() + " no longer exists in "
                            + source.region()));
            Optional<String> key = CopyKeys.forCopy(source, destination, Boolean.TRUE.equals(described.encrypted()),
                    described.kmsKeyId(), RdsCopies.DEFAULT_KEY_ALIAS);
            Map<String, String> tags = RdsCopies.tags(ID, request.policyName() + "-" + artifact.resourceId() + "-dr",
                    request, artifact.details());
            String copyId = RdsCopies.copyIdentifier(artifact.id());
            DBSnapshot copy = destination.client(RdsClient.class).copyDBSnapshot(b -> {
                b.sourceDBSnapshotIdentifier(described.dbSnapshotArn()).targetDBSnapshotIdentifier(copyId)
                        .tags(RdsTags.toTags(tags));
                key.ifPresent(b::kmsKeyId);
            }).dbSnapshot();
            return new Artifact(KIND, copy.dbSnapshotIdentifier(), destination.region(), artifact.resourceId(),
                    RdsCopies.details(tags));
        } catch (AwsServiceException e) {
            throw CopyErrors.deferredOr(e);
        }
    }

    /** RDS snapshots are shared with a DR account, which copies them from their ARN (guide 11). */
    @Override
    public Optional<String> notSharedBecause() {
        return Optional.empty();
    }

    /** ModifyDBSnapshotAttribute: the DR account is added to the snapshot's {@code restore} attribute. */
    @Override
    public void share(CloudContext source, Artifact artifact, String awsAccountId) {
        source.client(RdsClient.class).modifyDBSnapshotAttribute(b -> b.dbSnapshotIdentifier(artifact.id())
                .attributeName("restore").valuesToAdd(awsAccountId));
    }

    /** Another account restores a shared DB snapshot by its ARN. */
    @Override
    public Artifact sharedAs(CloudContext source, Artifact artifact) {
        String arn = source.client(RdsClient.class).describeDBSnapshots(b -> b.dbSnapshotIdentifier(artifact.id()))
                .dbSnapshots().get(0).dbSnapshotArn();
        return new Artifact(artifact.kind(), arn, artifact.region(), artifact.resourceId(), artifact.details());
    }

    /** AddTagsToResource on the snapshot's ARN. */
    @Override
    public void tag(CloudContext ctx, Artifact artifact, Map<String, String> tags) {
        RdsClient rds = ctx.client(RdsClient.class);
        String arn = rds.describeDBSnapshots(b -> b.dbSnapshotIdentifier(artifact.id())).dbSnapshots().get(0)
                .dbSnapshotArn();
        rds.addTagsToResource(b -> b.resourceName(arn).tags(RdsTags.toTags(tags)));
    }

    @Override
    public List<Artifact> findCopies(CloudContext destination, String backupId) {
        RdsClient rds = destination.client(RdsClient.class);
        List<Artifact> found = new ArrayList<>();
        for (DBSnapshot snapshot : rds.describeDBSnapshotsPaginator(b -> b.snapshotType(MANUAL)).dbSnapshots()) {
            Map<String, String> tags = tagsOf(rds, snapshot);
            if (ArtifactTags.belongsTo(tags, ID, backupId) && tags.containsKey(HavenTags.COPY_OF)) {
                found.add(new Artifact(KIND, snapshot.dbSnapshotIdentifier(), destination.region(),
                        snapshot.dbInstanceIdentifier(), RdsCopies.details(tags)));
            }
        }
        return found;
    }

    /** The snapshot of that identifier if this type made it for the run. */
    private static Optional<DBSnapshot> made(RdsClient rds, String snapshotId, String backupId) {
        try {
            return rds.describeDBSnapshots(b -> b.dbSnapshotIdentifier(snapshotId)).dbSnapshots().stream()
                    .filter(snapshot -> ArtifactTags.belongsTo(tagsOf(rds, snapshot), ID, backupId))
                    .findFirst();
        } catch (DbSnapshotNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> tagsOf(RdsClient rds, DBSnapshot snapshot) {
        return RdsSnapshots.tags(rds, snapshot);
    }

    private static DBInstance describe(CloudContext ctx, String instanceId) {
        try {
            return ctx.client(RdsClient.class).describeDBInstances(b -> b.dbInstanceIdentifier(instanceId))
                    .dbInstances().stream().findFirst()
                    .orElseThrow(() -> notFound(instanceId));
        } catch (DbInstanceNotFoundException e) {
            throw notFound(instanceId);
        }
    }

    private static TargetNotFoundException notFound(String instanceId) {
        return new TargetNotFoundException("RDS DB instance " + instanceId + " does not exist");
    }
}
