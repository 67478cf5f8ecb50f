package io.haven.target.redshift;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.api.target.InvalidTargetException;
import io.haven.api.target.LimitCategory;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetNotFoundException;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import io.haven.aws.artifact.ArtifactTags;
import io.haven.aws.artifact.AwsIdentifiers;
import io.haven.aws.artifact.CreateOnce;
import io.haven.aws.recovery.TagDetails;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.OptionalLong;
import org.osgi.service.component.annotations.Component;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.Cluster;
import software.amazon.awssdk.services.redshift.model.ClusterNotFoundException;
import software.amazon.awssdk.services.redshift.model.ClusterSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.redshift.model.ClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.redshift.model.DescribeClusterSnapshotsRequest;
import software.amazon.awssdk.services.redshift.model.DescribeClusterSnapshotsResponse;
import software.amazon.awssdk.services.redshift.model.Snapshot;
import software.amazon.awssdk.services.redshift.model.SnapshotAttributeToSortBy;
import software.amazon.awssdk.services.redshift.model.SnapshotSortingEntity;
import software.amazon.awssdk.services.redshift.model.SortByOrder;

/** Backs up one Redshift cluster as one manual cluster snapshot. */
@Component(service = TargetType.class, property = TargetType.SERVICE_PROPERTY_TYPE + "=" + RedshiftClusterTargetType.ID)
public final class RedshiftClusterTargetType implements TargetType {

    public static final String ID = "redshift-cluster";
    /** {@link Artifact#kind()} of a cluster snapshot; its {@link Artifact#id()} is the snapshot identifier. */
    public static final String KIND = "redshift-snapshot";

    private static final String MANUAL = "manual";
    /** Redshift answers at most 100 snapshots a page (MaxRecords). */
    static final int PAGE_SIZE = 100;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Redshift cluster";
    }

    /**
     * Guide 10: Redshift clusters are ignored by DR; Redshift's own cross-region snapshot copy does it (moto also
     * answers CopyClusterSnapshot with 500). The backup's log says so.
     */
    @Override
    public Optional<String> notCopiedBecause() {
        return Optional.of("Redshift cluster snapshots are not copied to other regions by Haven: enable "
                + "the cluster's cross-region snapshot copy in AWS instead (guide 10)");
    }

    /** Resource limits (guide 16.2): a cluster counts once toward the user's Redshift cluster limit. */
    @Override
    public Optional<LimitCategory> limitCategory() {
        return Optional.of(LimitCategory.REDSHIFT_CLUSTERS);
    }

    @Override
    public OptionalLong limitUse(Resource resource) {
        return OptionalLong.of(1);
    }

    /** Redshift clusters take part in tag scans (guide 13). */
    @Override
    public boolean scansTags() {
        return true;
    }

    /** DescribeClusters with {@code TagKeys}, page by page: only the tagged clusters come back. */
    @Override
    public List<Resource> findTagged(CloudContext ctx, String tagKey) {
        List<Resource> resources = new ArrayList<>();
        for (Cluster cluster : ctx.client(RedshiftClient.class).describeClustersPaginator(b -> b.tagKeys(tagKey))
                .clusters()) {
            resources.add(RedshiftResources.resourceOf(cluster, ctx.region()));
        }
        return resources;
    }

    @Override
    public List<Resource> discover(CloudContext ctx) {
        List<Resource> resources = new ArrayList<>();
        for (Cluster cluster : ctx.client(RedshiftClient.class).describeClustersPaginator().clusters()) {
            resources.add(RedshiftResources.resourceOf(cluster, ctx.region()));
        }
        return resources;
    }

    @Override
    public void validate(TargetSpec target) {
        if (!AwsIdentifiers.isValid(target.resourceId(), AwsIdentifiers.MAX_RESOURCE_LENGTH)) {
            throw new InvalidTargetException("resourceId", "A Redshift cluster identifier has 1 to 63 lower-case "
                    + "letters, digits or hyphens, starts with a letter and has no two hyphens in a row nor one at the end, not '"
                    + target.resourceId() + "'");
        }
        if (!target.options().isEmpty()) {
            throw new InvalidTargetException("options",
                    "Redshift cluster targets take no options, got: " + String.join(", ", target.options().keySet()));
        }
    }

    @Override
    public List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request) {
        Cluster cluster = describe(ctx, target.resourceId());
        String clusterId = cluster.clusterIdentifier();
        String snapshotId = AwsIdentifiers.snapshotIdentifier(request.policyName(), clusterId, request.backupId());
        String name = request.policyName() + "-" + clusterId;
        Map<String, String> recorded = RedshiftResources.snapshotDetails(cluster);
        List<String> leftOff = TagDetails.recordFitting(RedshiftResources.toMap(cluster.tags()),
                ArtifactTags.of(ID, name, request, recorded).size(), recorded);
        Map<String, String> tags = ArtifactTags.of(ID, name, request, recorded);
        if (!leftOff.isEmpty()) {
            request.log().warning(TagDetails.leftOffMessage("Redshift cluster " + clusterId, leftOff));
        }
        // read back from the tags, so that findByBackupId rebuilds exactly this artifact
        Map<String, String> details = ArtifactTags.details(tags);
        RedshiftClient redshift = ctx.client(RedshiftClient.class);
        try {
            // Snapshot identifiers are unique: "already exists" or a lost answer is settled by reading it back.
            Snapshot snapshot = CreateOnce.of("cluster snapshot " + snapshotId + " of " + clusterId,
                            () -> redshift.createClusterSnapshot(b -> b
                                    .clusterIdentifier(clusterId)
                                    .snapshotIdentifier(snapshotId)
                                    .tags(RedshiftResources.toTags(tags))
                                    .overrideConfiguration(CreateOnce.THROTTLING_RETRIES_ONLY)).snapshot(),
                            () -> made(redshift, snapshotId, request.backupId()),
                            Snapshot::snapshotIdentifier)
                    .alreadyExists(e -> e instanceof ClusterSnapshotAlreadyExistsException)
                    .run(request.resumed(), request.log());
            return List.of(new Artifact(KIND, snapshot.snapshotIdentifier(), ctx.region(), clusterId, details));
        } catch (ClusterNotFoundException e) {
            // deleted between the describe and the snapshot
            throw notFound(clusterId);
        }
    }

    @Override
    public ArtifactStatus poll(CloudContext ctx, Artifact artifact) {
        try {
            return ctx.client(RedshiftClient.class)
                    .describeClusterSnapshots(b -> b.snapshotIdentifier(artifact.id()))
                    .snapshots().stream()
                    .filter(snapshot -> artifact.id().equals(snapshot.snapshotIdentifier()))
                    .findFirst()
                    .map(RedshiftSnapshotStatus::of)
                    .orElseGet(() -> RedshiftSnapshotStatus.gone(artifact.id()));
        } catch (ClusterSnapshotNotFoundException e) {
            return RedshiftSnapshotStatus.gone(artifact.id());
        }
    }

    /**
     * DescribeClusterSnapshots has no filter by snapshot identifiers: this lists the account's manual snapshots that
     * this type made (its {@link ArtifactTags#TARGET_TYPE} tag), newest first, {@value #PAGE_SIZE} a page, and stops
     * at the page that holds the last of the artifacts. Pending snapshots are the newest, so a poll round costs
     * about one call per {@value #PAGE_SIZE} snapshots of the runs in progress. Each is judged as {@link #poll}
     * judges it; a snapshot missing from the whole listing is left out, so that core asks {@link #poll} why.
     */
    @Override
    public Map<String, ArtifactStatus> pollAll(CloudContext ctx, List<Artifact> artifacts) {
        Set<String> wanted = new HashSet<>();
        artifacts.forEach(artifact -> wanted.add(artifact.id()));
        Map<String, ArtifactStatus> found = new LinkedHashMap<>();
        DescribeClusterSnapshotsRequest.Builder request = DescribeClusterSnapshotsRequest.builder()
                .snapshotType(MANUAL)
                .ownerAccount(ctx.awsAccountId())
                .tagKeys(ArtifactTags.TARGET_TYPE)
                .tagValues(ID)
                .sortingEntities(SnapshotSortingEntity.builder()
                        .attribute(SnapshotAttributeToSortBy.CREATE_TIME).sortOrder(SortByOrder.DESC).build())
                .maxRecords(PAGE_SIZE);
        RedshiftClient redshift = ctx.client(RedshiftClient.class);
        String marker = null;
        do {
            String page = marker;
            DescribeClusterSnapshotsResponse answer = redshift.describeClusterSnapshots(request.marker(page).build());
            for (Snapshot snapshot : answer.snapshots()) {
                if (wanted.contains(snapshot.snapshotIdentifier())) {
                    found.put(snapshot.snapshotIdentifier(), RedshiftSnapshotStatus.of(snapshot));
                }
            }
            marker = answer.marker();
        } while (found.size() < wanted.size() && marker != null && !marker.isEmpty());
        Map<String, ArtifactStatus> states = new LinkedHashMap<>();
        artifacts.forEach(artifact -> {
            ArtifactStatus state = found.get(artifact.id());
            if (state != null) {
                states.put(artifact.id(), state);
            }
        });
        return states;
    }

    @Override
    public void delete(CloudContext ctx, Artifact artifact) {
        try {
            // The cluster id is required when IAM policies name snapshots by cluster.
            ctx.client(RedshiftClient.class).deleteClusterSnapshot(b -> b
                    .snapshotIdentifier(artifact.id())
                    .snapshotClusterIdentifier(artifact.resourceId()));
        } catch (ClusterSnapshotNotFoundException e) {
            // already gone: what delete is for
        }
    }

    @Override
    public List<Artifact> findByBackupId(CloudContext ctx, String backupId) {
        DescribeClusterSnapshotsRequest request = DescribeClusterSnapshotsRequest.builder()
                .snapshotType(MANUAL)
                .ownerAccount(ctx.awsAccountId())
                .tagKeys(HavenTags.BACKUP_ID)
                .tagValues(ArtifactTags.safeValue(backupId))
                .build();
        List<Artifact> found = new ArrayList<>();
        for (Snapshot snapshot : ctx.client(RedshiftClient.class).describeClusterSnapshotsPaginator(request).snapshots()) {
            // the filters narrow the listing on AWS (the backup's tag: one page per 100 of the run's snapshots);
            // each snapshot is checked here too, so that a service that ignored them could not mislead
            Map<String, String> tags = RedshiftResources.toMap(snapshot.tags());
            boolean ours = snapshot.ownerAccount() == null || snapshot.ownerAccount().equals(ctx.awsAccountId());
            if (ours && MANUAL.equalsIgnoreCase(snapshot.snapshotType()) && ArtifactTags.belongsTo(tags, ID, backupId)) {
                found.add(new Artifact(KIND, snapshot.snapshotIdentifier(), ctx.region(), snapshot.clusterIdentifier(),
                        ArtifactTags.details(tags)));
            }
        }
        return found;
    }

    /** The snapshot of that identifier if this type made it for the run. */
    private static Optional<Snapshot> made(RedshiftClient redshift, String snapshotId, String backupId) {
        try {
            return redshift.describeClusterSnapshots(b -> b.snapshotIdentifier(snapshotId)).snapshots().stream()
                    // moto may list other snapshots too
                    .filter(snapshot -> snapshotId.equals(snapshot.snapshotIdentifier()))
                    .filter(snapshot -> ArtifactTags.belongsTo(RedshiftResources.toMap(snapshot.tags()), ID, backupId))
                    .findFirst();
        } catch (ClusterSnapshotNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Cluster describe(CloudContext ctx, String clusterId) {
        try {
            return ctx.client(RedshiftClient.class).describeClusters(b -> b.clusterIdentifier(clusterId))
                    .clusters().stream().findFirst()
                    .orElseThrow(() -> notFound(clusterId));
        } catch (ClusterNotFoundException e) {
            throw notFound(clusterId);
        }
    }

    private static TargetNotFoundException notFound(String clusterId) {
        return new TargetNotFoundException("Redshift cluster " + clusterId + " does not exist");
    }
}
