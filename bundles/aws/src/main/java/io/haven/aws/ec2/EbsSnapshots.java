package io.haven.aws.ec2;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.CopyRequest;
import io.haven.api.target.HavenTags;
import io.haven.aws.artifact.ArtifactTags;
import io.haven.aws.artifact.CopyErrors;
import io.haven.aws.artifact.CopyKeys;
import io.haven.aws.artifact.CreateOnce;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;

/**
 * EBS snapshots as Haven artifacts, shared by the target types that snapshot volumes.
 *
 * <p>{@link #create} records with each snapshot the volume's facts that recovery needs
 * ({@link VolumeFacts}: {@code volume.type}, {@code volume.iops}, {@code volume.throughput},
 * {@code volume.zone}, {@code volume.encrypted}, {@code volume.deleteOnTermination},
 * {@code volume.tag.KEY}) besides the caller's details.
 *
 * <p>Each snapshot is tagged at creation with the request's tags, a Name, the target type that
 * made it ({@value #TARGET_TYPE_TAG}) and as many of its details as fit (as
 * {@value #DETAIL_TAG_PREFIX}NAME, in {@link DetailTags}' order of importance; what is left off is
 * written to the run's log), so that {@link #findByBackupId} can
 * rebuild the artifacts after a crash and two target types in one run never adopt each other's
 * snapshots. The returned artifact always holds all details; that is the copy Haven stores.
 */
public final class EbsSnapshots {

    /** {@link Artifact#kind()} of an EBS snapshot. */
    public static final String KIND = "ebs-snapshot";
    /** Tag with the {@code TargetType.id()} that created the snapshot (the scheme of {@link ArtifactTags}). */
    public static final String TARGET_TYPE_TAG = ArtifactTags.TARGET_TYPE;
    /** Prefix of the tags that carry artifact details (for example {@code haven:detail:device}). */
    public static final String DETAIL_TAG_PREFIX = ArtifactTags.DETAIL_PREFIX;
    public static final String DETAIL_VOLUME_ID = "volumeId";
    public static final String DETAIL_SIZE_GIB = "sizeGiB";
    /** The instance whose volume was snapshotted, when it was attached (since 1.6). */
    public static final String DETAIL_INSTANCE_ID = "instanceId";
    /** The device the volume was attached at, for example {@code /dev/sdf} (since 1.6). */
    public static final String DETAIL_DEVICE = "device";
    /**
     * The AWS account that owns the snapshot, as CreateSnapshot(s) answered; recorded on the originals only (a copy
     * leaves it out: it is another account's or not known), so that a recovery in that very account knows they are
     * its own without asking (since 1.8).
     */
    public static final String DETAIL_OWNER_ID = "ownerId";
    /** Tagged on snapshots made together: each selected device and its volume ({@code /dev/sdf=vol-1,...}). */
    private static final String DETAIL_DEVICES = "devices";
    /** The alias of AWS's default EBS key, which names the destination's default key for a copy (since 1.5). */
    public static final String DEFAULT_KEY_ALIAS = "alias/aws/ebs";

    // AWS limits: description 255 characters, tag value 256.
    private static final int MAX_DESCRIPTION = 255;
    private static final int MAX_TAG_VALUE = DetailTags.MAX_VALUE;
    /** AWS takes at most 200 values per describe filter. */
    private static final int MAX_FILTER_VALUES = 200;

    private EbsSnapshots() {
    }

    /**
     * Starts a snapshot of a volume and returns its artifact at once. Reads the volume first
     * (DescribeVolumes) to record its facts; callers that already hold the volume use the other
     * overload.
     *
     * @param targetType the calling target type's id, recorded in {@value #TARGET_TYPE_TAG}
     * @param details    facts to record besides volumeId, sizeGiB and the volume's facts (instanceId,
     *                   device, ...), most important first; they win over computed facts of the same name
     * @throws AwsServiceException as EC2 throws it, e.g. {@code InvalidVolume.NotFound}
     */
    public static Artifact create(CloudContext ctx, String targetType, String volumeId, BackupRequest request,
                                  Map<String, String> details) {
        Volume volume = ctx.client(Ec2Client.class).describeVolumes(b -> b.volumeIds(volumeId)).volumes().stream()
                .findFirst()
                .orElseThrow(() -> volumeNotFound(volumeId));
        return create(ctx, targetType, volume, request, details);
    }

    /**
     * Starts a snapshot of a volume the caller has just described and returns its artifact at once.
     *
     * @see #create(CloudContext, String, String, BackupRequest, Map)
     */
    public static Artifact create(CloudContext ctx, String targetType, Volume volume, BackupRequest request,
                                  Map<String, String> details) {
        Map<String, String> all = DetailTags.ordered(VolumeFacts.of(volume), details);
        Map<String, String> baseTags = baseTags(request, volume.volumeId(), targetType);
        DetailTags.Fit fit = DetailTags.fit(taggable(all), baseTags.size());
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        Snapshot created = CreateOnce.of("snapshot of " + volume.volumeId(),
                        () -> asSnapshot(ec2.createSnapshot(b -> b
                                .volumeId(volume.volumeId())
                                .description(truncate(request.description(), MAX_DESCRIPTION))
                                .tagSpecifications(TagSpecification.builder()
                                        .resourceType(ResourceType.SNAPSHOT)
                                        .tags(tags(baseTags, fit))
                                        .build())
                                .overrideConfiguration(CreateOnce.THROTTLING_RETRIES_ONLY))),
                        () -> made(ctx, targetType, volume.volumeId(), backupIdTag(request)),
                        Snapshot::snapshotId)
                .run(request.resumed(), request.log());
        if (!fit.leftOff().isEmpty()) {
            request.log().warning(DetailTags.leftOffMessage("EBS snapshot " + created.snapshotId(),
                    "volume " + volume.volumeId(), fit.leftOff()));
        }
        all.put(DETAIL_VOLUME_ID, volume.volumeId());
        putOwner(all, created);
        Integer size = created.volumeSize() != null ? created.volumeSize() : volume.size();
        if (size != null) {
            all.putIfAbsent(DETAIL_SIZE_GIB, size.toString());
        }
        return new Artifact(KIND, created.snapshotId(), ctx.region(), volume.volumeId(), all);
    }

    /**
     * The EBS volumes of one instance, for {@link #createForInstance}.
     *
     * @param instanceId the instance
     * @param rootDevice its root device name, for example {@code /dev/xvda}; null when it has none
     * @param attached   every EBS volume attached to it, device name to volume id
     * @param selected   those to snapshot, device name to volume id: a part of {@code attached}
     * @param described  volumes as DescribeVolumes answered, by id; a volume missing here is recorded without its facts
     * @since 1.6
     */
    public record InstanceVolumes(String instanceId, String rootDevice, Map<String, String> attached,
                                  Map<String, String> selected, Map<String, Volume> described) {
    }

    /**
     * Starts crash-consistent snapshots of an instance's selected volumes with one CreateSnapshots call (all of
     * them at the same point in time; the others excluded by ExcludeBootVolume and ExcludeDataVolumeIds) and
     * returns their artifacts at once, one per snapshot. Every snapshot gets the same tags at creation: the
     * request's, a Name, the target type and as many of the common details as fit. What differs per volume (the
     * device and the volume's facts) is in Haven's record; {@link #withVolumeDetails} finds it again from the
     * volumes for snapshots adopted from AWS. A lost answer or a resumed start adopts what the call made instead
     * of making it twice ({@link CreateOnce}) (since 1.6).
     *
     * @param commonDetails details of every snapshot (the instance id first, then the instance's facts), most
     *                      important first
     */
    public static List<Artifact> createForInstance(CloudContext ctx, String targetType, InstanceVolumes volumes,
                                                   BackupRequest request, Map<String, String> commonDetails) {
        String instanceId = volumes.instanceId();
        Map<String, String> baseTags = baseTags(request, instanceId, targetType);
        Map<String, String> tagged = new LinkedHashMap<>();
        tagged.put(DETAIL_DEVICES, devicesValue(volumes.selected()));
        tagged.putAll(taggable(commonDetails));
        DetailTags.Fit fit = DetailTags.fit(DetailTags.ordered(Map.of(), tagged), baseTags.size());
        boolean excludeBoot = volumes.rootDevice() != null && volumes.attached().containsKey(volumes.rootDevice())
                && !volumes.selected().containsKey(volumes.rootDevice());
        List<String> excludedData = volumes.attached().entrySet().stream()
                .filter(e -> !e.getKey().equals(volumes.rootDevice()) && !volumes.selected().containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        Ec2Client ec2 = ctx.client(Ec2Client.class);
        List<Snapshot> made = CreateOnce.of("snapshots of the volumes of " + instanceId,
                        () -> ec2.createSnapshots(b -> b
                                .instanceSpecification(spec -> {
                                    spec.instanceId(instanceId).excludeBootVolume(excludeBoot);
                                    if (!excludedData.isEmpty()) {
                                        spec.excludeDataVolumeIds(excludedData);
                                    }
                                })
                                .description(truncate(request.description(), MAX_DESCRIPTION))
                                .tagSpecifications(TagSpecification.builder()
                                        .resourceType(ResourceType.SNAPSHOT)
                                        .tags(tags(baseTags, fit))
                                        .build())
                                .overrideConfiguration(CreateOnce.THROTTLING_RETRIES_ONLY))
                                .snapshots().stream()
                                .map(info -> Snapshot.builder().snapshotId(info.snapshotId()).volumeId(info.volumeId())
                                        .volumeSize(info.volumeSize()).ownerId(info.ownerId()).build())
                                .toList(),
                        () -> madeForInstance(ctx, targetType, volumes.selected().values(), backupIdTag(request)),
                        snapshots -> snapshots.stream().map(Snapshot::snapshotId).collect(Collectors.joining(", ")))
                .run(request.resumed(), request.log());
        if (!fit.leftOff().isEmpty()) {
            request.log().warning(DetailTags.leftOffMessage("The EBS snapshots", "EC2 instance " + instanceId,
                    fit.leftOff()));
        }
        Map<String, String> deviceOf = new LinkedHashMap<>();
        volumes.attached().forEach((device, volumeId) -> deviceOf.put(volumeId, device));
        List<Artifact> artifacts = new ArrayList<>();
        for (Snapshot snapshot : made) {
            Volume volume = volumes.described().get(snapshot.volumeId());
            Map<String, String> details = volumeDetails(volume, deviceOf.get(snapshot.volumeId()), commonDetails);
            details.put(DETAIL_VOLUME_ID, snapshot.volumeId());
            putOwner(details, snapshot);
            Integer size = snapshot.volumeSize() != null ? snapshot.volumeSize() : volume == null ? null : volume.size();
            if (size != null) {
                details.putIfAbsent(DETAIL_SIZE_GIB, size.toString());
            }
            artifacts.add(new Artifact(KIND, snapshot.snapshotId(), ctx.region(), snapshot.volumeId(), details));
        }
        return artifacts;
    }

    /**
     * The artifacts with the details their tags cannot carry filled in (since 1.6): a snapshot made by
     * {@link #createForInstance} and found in AWS ({@link #findByBackupId}) has the instance's details and the list
     * of its devices in its tags, but not its volume's facts, which its volume tells when it still exists. One
     * DescribeVolumes per 200 such snapshots.
     */
    public static List<Artifact> withVolumeDetails(CloudContext ctx, List<Artifact> found) {
        List<String> volumeIds = found.stream()
                .filter(a -> a.detail(DETAIL_DEVICES) != null || a.detail(DETAIL_DEVICE) == null
                        && a.detail(DETAIL_INSTANCE_ID) != null)
                .map(Artifact::resourceId).distinct().toList();
        if (volumeIds.isEmpty()) {
            return found;
        }
        java.util.Set<String> toComplete = new java.util.HashSet<>(volumeIds);
        Map<String, Volume> volumes = new LinkedHashMap<>();
        for (int from = 0; from < volumeIds.size(); from += MAX_FILTER_VALUES) {
            List<String> batch = volumeIds.subList(from, Math.min(volumeIds.size(), from + MAX_FILTER_VALUES));
            ctx.client(Ec2Client.class).describeVolumesPaginator(b -> b.filters(Filter.builder().name("volume-id")
                    .values(batch).build())).volumes().forEach(volume -> volumes.put(volume.volumeId(), volume));
        }
        List<Artifact> completed = new ArrayList<>();
        for (Artifact artifact : found) {
            if (!toComplete.contains(artifact.resourceId())) {
                completed.add(artifact);
                continue;
            }
            Map<String, String> details = new LinkedHashMap<>(artifact.details());
            String devices = details.remove(DETAIL_DEVICES);
            Volume volume = volumes.get(artifact.resourceId());
            String instanceId = details.get(DETAIL_INSTANCE_ID);
            Optional<String> device = Optional.ofNullable(details.get(DETAIL_DEVICE))
                    .or(() -> deviceIn(devices, artifact.resourceId()))
                    .or(() -> volume == null ? Optional.empty() : volume.attachments().stream()
                            .filter(a -> instanceId != null && instanceId.equals(a.instanceId()))
                            .map(VolumeAttachment::device).findFirst());
            Map<String, String> completedDetails = volumeDetails(volume, device.orElse(null), details);
            completed.add(new Artifact(artifact.kind(), artifact.id(), artifact.region(), artifact.resourceId(),
                    completedDetails));
        }
        return completed;
    }

    /**
     * The devices of an instance's snapshots made together, {@code /dev/sdf=vol-1,/dev/sdg=vol-2}, as far as they fit
     * in a tag value: the one tag that keeps each snapshot's device in AWS when the instance and its volumes are gone.
     */
    private static String devicesValue(Map<String, String> selected) {
        StringBuilder value = new StringBuilder();
        for (Map.Entry<String, String> device : selected.entrySet()) {
            String entry = device.getKey() + "=" + device.getValue();
            if (value.length() + entry.length() + 1 > MAX_TAG_VALUE) {
                break;
            }
            value.append(value.length() == 0 ? "" : ",").append(entry);
        }
        return value.toString();
    }

    private static Optional<String> deviceIn(String devices, String volumeId) {
        if (devices == null) {
            return Optional.empty();
        }
        for (String entry : devices.split(",")) {
            int eq = entry.lastIndexOf('=');
            if (eq > 0 && entry.substring(eq + 1).equals(volumeId)) {
                return Optional.of(entry.substring(0, eq));
            }
        }
        return Optional.empty();
    }

    /** The device, then the given details, merged with the volume's facts in the order of importance. */
    private static Map<String, String> volumeDetails(Volume volume, String device, Map<String, String> details) {
        Map<String, String> plain = new LinkedHashMap<>();
        if (details.containsKey(DETAIL_INSTANCE_ID)) {
            plain.put(DETAIL_INSTANCE_ID, details.get(DETAIL_INSTANCE_ID));
        }
        if (device != null) {
            plain.put(DETAIL_DEVICE, device);
        }
        details.forEach(plain::putIfAbsent);
        return DetailTags.ordered(volume == null ? Map.of() : VolumeFacts.of(volume), plain);
    }

    /** The snapshots of those volumes that the target type made for the run: what a lost CreateSnapshots answer left. */
    private static Optional<List<Snapshot>> madeForInstance(CloudContext ctx, String targetType,
                                                            java.util.Collection<String> volumeIds, String backupId) {
        DescribeSnapshotsRequest request = DescribeSnapshotsRequest.builder()
                .filters(filter("owner-id", ctx.awsAccountId()),
                        Filter.builder().name("volume-id").values(volumeIds).build(),
                        filter("tag:" + HavenTags.BACKUP_ID, backupId),
                        filter("tag:" + TARGET_TYPE_TAG, targetType))
                .build();
        List<Snapshot> made = new ArrayList<>();
        ctx.client(Ec2Client.class).describeSnapshotsPaginator(request).snapshots().forEach(snapshot -> {
            if (snapshot.state() != SnapshotState.ERROR) {
                made.add(snapshot);
            }
        });
        return made.isEmpty() ? Optional.empty() : Optional.of(made);
    }

    /**
     * The snapshot of the volume that the target type made for the run, if any: what a CreateSnapshot whose
     * answer was lost, or a start interrupted by a stop, left behind. Snapshots in the error state do not count.
     */
    static Optional<Snapshot> made(CloudContext ctx, String targetType, String volumeId, String backupId) {
        DescribeSnapshotsRequest request = DescribeSnapshotsRequest.builder()
                .filters(filter("owner-id", ctx.awsAccountId()),
                        filter("volume-id", volumeId),
                        filter("tag:" + HavenTags.BACKUP_ID, backupId),
                        filter("tag:" + TARGET_TYPE_TAG, targetType))
                .build();
        return ctx.client(Ec2Client.class).describeSnapshots(request).snapshots().stream()
                .filter(snapshot -> snapshot.state() != SnapshotState.ERROR)
                .findFirst();
    }

    private static String backupIdTag(BackupRequest request) {
        return request.tags().getOrDefault(HavenTags.BACKUP_ID, request.backupId());
    }

    private static Snapshot asSnapshot(CreateSnapshotResponse created) {
        return Snapshot.builder().snapshotId(created.snapshotId()).volumeId(created.volumeId())
                .volumeSize(created.volumeSize()).state(created.state()).ownerId(created.ownerId()).build();
    }

    /** Not tagged: the owner is a fact AWS keeps of every snapshot. */
    private static void putOwner(Map<String, String> details, Snapshot snapshot) {
        if (snapshot.ownerId() != null && !snapshot.ownerId().isBlank()) {
            details.put(DETAIL_OWNER_ID, snapshot.ownerId());
        }
    }

    /** The snapshot's state; a snapshot that no longer exists has failed. */
    public static ArtifactStatus status(CloudContext ctx, String snapshotId) {
        try {
            return ctx.client(Ec2Client.class)
                    .describeSnapshots(b -> b.snapshotIds(snapshotId))
                    .snapshots().stream().findFirst()
                    .map(EbsSnapshots::statusOf)
                    .orElseGet(() -> gone(snapshotId));
        } catch (AwsServiceException e) {
            if (Ec2Errors.hasCode(e, Ec2Errors.SNAPSHOT_NOT_FOUND)) {
                return gone(snapshotId);
            }
            throw e;
        }
    }

    /**
     * The states of many snapshots of the context's region with one DescribeSnapshots per up to 200 of them
     * (a {@code snapshot-id} filter, which unlike {@code SnapshotIds} does not fail the whole call for one that
     * is gone, and takes from EC2's larger describe bucket); a snapshot that no longer exists has failed (since 1.2).
     */
    public static Map<String, ArtifactStatus> statuses(CloudContext ctx, List<String> snapshotIds) {
        Map<String, ArtifactStatus> states = new LinkedHashMap<>();
        for (int from = 0; from < snapshotIds.size(); from += MAX_FILTER_VALUES) {
            List<String> batch = snapshotIds.subList(from, Math.min(snapshotIds.size(), from + MAX_FILTER_VALUES));
            DescribeSnapshotsRequest request = DescribeSnapshotsRequest.builder()
                    .filters(Filter.builder().name("snapshot-id").values(batch).build())
                    .build();
            for (Snapshot snapshot : ctx.client(Ec2Client.class).describeSnapshotsPaginator(request).snapshots()) {
                states.put(snapshot.snapshotId(), statusOf(snapshot));
            }
            batch.forEach(id -> states.putIfAbsent(id, gone(id)));
        }
        return states;
    }

    /** Deletes the snapshot; one that is already gone is not an error. */
    public static void delete(CloudContext ctx, String snapshotId) {
        try {
            ctx.client(Ec2Client.class).deleteSnapshot(b -> b.snapshotId(snapshotId));
        } catch (AwsServiceException e) {
            if (!Ec2Errors.hasCode(e, Ec2Errors.SNAPSHOT_NOT_FOUND)) {
                throw e;
            }
        }
    }

    /**
     * This account's snapshots in the context's region that the target type made for the backup run; its
     * disaster-recovery copies ({@link #findCopies}) are not among them.
     */
    public static List<Artifact> findByBackupId(CloudContext ctx, String targetType, String backupId) {
        return tagged(ctx, targetType, backupId).stream().filter(a -> a.detail(HavenTags.COPY_OF) == null).toList();
    }

    /** This account's disaster-recovery copies in the context's region that the target type made for the run (since 1.5). */
    public static List<Artifact> findCopies(CloudContext ctx, String targetType, String backupId) {
        return tagged(ctx, targetType, backupId).stream().filter(a -> a.detail(HavenTags.COPY_OF) != null).toList();
    }

    private static List<Artifact> tagged(CloudContext ctx, String targetType, String backupId) {
        DescribeSnapshotsRequest request = DescribeSnapshotsRequest.builder()
                .filters(filter("owner-id", ctx.awsAccountId()),
                        filter("tag:" + HavenTags.BACKUP_ID, backupId),
                        filter("tag:" + TARGET_TYPE_TAG, targetType))
                .build();
        List<Artifact> found = new ArrayList<>();
        for (Snapshot snapshot : ctx.client(Ec2Client.class).describeSnapshotsPaginator(request).snapshots()) {
            found.add(artifactOf(ctx.region(), snapshot));
        }
        return found;
    }

    /**
     * Starts the disaster-recovery copy of a snapshot into the destination's region (CopySnapshot, called in the
     * destination) and returns it at once. The copy is tagged at creation with the request's tags, a Name, the target
     * type and the source's details, so that {@link #findCopies} rebuilds it; it is encrypted as {@link CopyKeys}
     * says. AWS's concurrent-copy limit and throttling surface as {@link io.haven.api.target.CopyDeferredException}
     * (since 1.5).
     *
     * @param targetType the calling target type's id, recorded in {@value #TARGET_TYPE_TAG}
     */
    public static Artifact copy(CloudContext source, CloudContext destination, String targetType, Artifact snapshot,
                                CopyRequest request) {
        try {
            Snapshot described = source.client(Ec2Client.class).describeSnapshots(b -> b.snapshotIds(snapshot.id()))
                    .snapshots().stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("Snapshot " + snapshot.id() + " no longer exists in "
                            + source.region()));
            Optional<String> key = CopyKeys.forCopy(source, destination, Boolean.TRUE.equals(described.encrypted()),
                    described.kmsKeyId(), DEFAULT_KEY_ALIAS);
            Map<String, String> baseTags = new LinkedHashMap<>(new TreeMap<>(request.tags()));
            baseTags.putIfAbsent(Ec2Tags.NAME, request.policyName() + "-" + snapshot.resourceId() + "-dr");
            baseTags.put(TARGET_TYPE_TAG, targetType);
            DetailTags.Fit fit = DetailTags.fit(taggable(snapshot.details()), baseTags.size());
            String copyId = destination.client(Ec2Client.class).copySnapshot(b -> {
                b.sourceRegion(source.region())
                        .sourceSnapshotId(snapshot.id())
                        .description(truncate(request.description(), MAX_DESCRIPTION))
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SNAPSHOT)
                                .tags(tags(baseTags, fit)).build());
                key.ifPresent(k -> b.encrypted(true).kmsKeyId(k));
            }).snapshotId();
            if (!fit.leftOff().isEmpty()) {
                request.log().warning(DetailTags.leftOffMessage("EBS snapshot copy " + copyId,
                        "snapshot " + snapshot.id(), fit.leftOff()));
            }
            Map<String, String> details = new LinkedHashMap<>(snapshot.details());
            details.remove(DETAIL_OWNER_ID); // the source's owner, not the copy's
            details.put(HavenTags.COPY_OF, snapshot.id());
            return new Artifact(KIND, copyId, destination.region(), snapshot.resourceId(), details);
        } catch (AwsServiceException e) {
            throw CopyErrors.deferredOr(e);
        }
    }

    /**
     * Shares a snapshot with another AWS account so that the account can copy it (cross-account DR, guide 11):
     * ModifySnapshotAttribute adding the account to {@code createVolumePermission}. Sharing again is harmless. AWS
     * does not let a snapshot encrypted with its default key be shared; one encrypted with a customer key needs that
     * key shared with the account as well, which Haven does not do (guide 11) (since 1.7).
     */
    public static void share(CloudContext ctx, String snapshotId, String awsAccountId) {
        ctx.client(Ec2Client.class).modifySnapshotAttribute(b -> b.snapshotId(snapshotId)
                .attribute(software.amazon.awssdk.services.ec2.model.SnapshotAttributeName.CREATE_VOLUME_PERMISSION)
                .operationType(software.amazon.awssdk.services.ec2.model.OperationType.ADD)
                .userIds(awsAccountId));
    }

    /** Adds tags to a snapshot, keeping its others (CreateTags) (since 1.7). */
    public static void tag(CloudContext ctx, String snapshotId, Map<String, String> tags) {
        List<Tag> list = new ArrayList<>();
        tags.forEach((key, value) -> list.add(Tag.builder().key(key).value(truncate(value, MAX_TAG_VALUE)).build()));
        ctx.client(Ec2Client.class).createTags(b -> b.resources(snapshotId).tags(list));
    }

    static ArtifactStatus statusOf(Snapshot snapshot) {
        SnapshotState state = snapshot.state();
        if (state == SnapshotState.COMPLETED) {
            return ArtifactStatus.completed();
        }
        if (state == SnapshotState.ERROR) {
            return ArtifactStatus.failed(snapshot.stateMessage() != null ? snapshot.stateMessage()
                    : "EBS reported an error for snapshot " + snapshot.snapshotId());
        }
        if (state == SnapshotState.RECOVERABLE) {
            return ArtifactStatus.failed("Snapshot " + snapshot.snapshotId() + " was deleted and is in the Recycle Bin");
        }
        // pending, recovering, or a state this SDK does not know yet: not done
        return ArtifactStatus.pending(progress(snapshot.progress()));
    }

    static int progress(String progress) {
        if (progress == null) {
            return -1;
        }
        try {
            return Integer.parseInt(progress.strip().replace("%", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Haven's own tags, always set: the run's, a Name, the target type. */
    private static Map<String, String> baseTags(BackupRequest request, String sourceId, String targetType) {
        Map<String, String> tags = new LinkedHashMap<>(new TreeMap<>(request.tags()));
        tags.putIfAbsent(Ec2Tags.NAME, request.policyName() + "-" + sourceId);
        tags.put(TARGET_TYPE_TAG, targetType);
        return tags;
    }

    /** The details that go into tags: not the volume id and size, which the snapshot itself carries. */
    private static Map<String, String> taggable(Map<String, String> details) {
        Map<String, String> tagged = new LinkedHashMap<>(details);
        tagged.remove(DETAIL_VOLUME_ID);
        tagged.remove(DETAIL_SIZE_GIB);
        // a copy's tags would otherwise name its source's owner as its own
        tagged.remove(DETAIL_OWNER_ID);
        return tagged;
    }

    private static List<Tag> tags(Map<String, String> baseTags, DetailTags.Fit fit) {
        Map<String, String> tags = new LinkedHashMap<>(baseTags);
        tags.putAll(fit.tags());
        List<Tag> result = new ArrayList<>();
        tags.forEach((key, value) -> result.add(Tag.builder().key(key).value(truncate(value, MAX_TAG_VALUE)).build()));
        return result;
    }

    private static Artifact artifactOf(String region, Snapshot snapshot) {
        Map<String, String> details = new LinkedHashMap<>();
        Ec2Tags.toMap(snapshot.tags()).forEach((key, value) -> {
            if (key.startsWith(DETAIL_TAG_PREFIX)) {
                details.put(key.substring(DETAIL_TAG_PREFIX.length()), value);
            } else if (key.equals(HavenTags.COPY_OF)) {
                details.put(HavenTags.COPY_OF, value);
            }
        });
        details.put(DETAIL_VOLUME_ID, snapshot.volumeId());
        // as AWS describes it: the real owner, of an original or a copy alike
        putOwner(details, snapshot);
        Optional.ofNullable(snapshot.volumeSize()).ifPresent(size -> details.put(DETAIL_SIZE_GIB, size.toString()));
        return new Artifact(KIND, snapshot.snapshotId(), region, snapshot.volumeId(), details);
    }

    private static AwsServiceException volumeNotFound(String volumeId) {
        return Ec2Exception.builder()
                .message("The volume '" + volumeId + "' does not exist.")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(Ec2Errors.VOLUME_NOT_FOUND)
                        .errorMessage("The volume '" + volumeId + "' does not exist.").build())
                .build();
    }

    private static ArtifactStatus gone(String snapshotId) {
        return ArtifactStatus.failed("Snapshot " + snapshotId + " no longer exists");
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
