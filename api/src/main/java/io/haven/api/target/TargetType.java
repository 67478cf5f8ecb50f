package io.haven.api.target;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of AWS resource that Haven can back up (EC2 instance, EBS volume, RDS database, ...).
 *
 * <p>Each plugin registers one DS service per type with the service property
 * {@link #SERVICE_PROPERTY_TYPE} set to {@link #id()}. Core finds types through the whiteboard
 * and never imports a plugin; a type whose bundle goes away leaves its targets "unavailable".
 *
 * <p>Implementations are stateless: all AWS access goes through the {@link CloudContext} they are
 * handed, which is already bound to one account and one region.
 */
@ConsumerType
public interface TargetType {

    /** The most targets or artifacts core hands to one batch call: AWS's limit of ids per EC2 describe (since 1.4). */
    int MAX_BATCH = 200;

    /** Service property that carries {@link #id()}, so that core can filter without calling in. */
    String SERVICE_PROPERTY_TYPE = "haven.target.type";

    /** Stable name, for example {@code ebs-volume}. Stored in policies; never change it. */
    String id();

    /** Human name for listings, for example "EBS volume". */
    String displayName();

    /**
     * How many targets of this type one policy may hold; core refuses more with a clear error.
     * DynamoDB allows 100 tables per policy (guide 4.2); most types have no limit.
     */
    default int maxTargetsPerPolicy() {
        return Integer.MAX_VALUE;
    }

    /** Lists the resources of this type in the context's region. */
    List<Resource> discover(CloudContext ctx);

    /**
     * Looks up one resource of this type in the context's region. The default filters {@link #discover};
     * types with many resources override it with a direct lookup, because core calls it for every target
     * a user adds.
     */
    default Optional<Resource> find(CloudContext ctx, String resourceId) {
        return discover(ctx).stream().filter(r -> r.id().equals(resourceId)).findFirst();
    }

    /**
     * Checks a target's options before it is stored. Throws {@link InvalidTargetException} naming
     * the option and the reason; does not call AWS.
     */
    void validate(TargetSpec target);

    /**
     * The options a target of this type takes, as {@link #validate} accepts them, in the order a form shows them:
     * published so that the console draws a field per option and a type deployed later gets its form for free.
     * {@link #validate} stays the rule; this only describes it. Does not call AWS. The default is none, which is also
     * what a type built before 1.7 publishes, whatever it accepts (since 1.7).
     */
    default List<TargetOption> options() {
        return List.of();
    }

    /**
     * Starts the backup of one target: creates the artifacts (snapshots, images, ...) tagged at
     * creation with {@link BackupRequest#tags()} and returns them at once, without waiting for
     * them to complete. Throws {@link TargetNotFoundException} when the resource no longer exists.
     */
    List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request);

    /**
     * Starts the backups of many targets of this type in the context's region, one {@link TargetStart} per target
     * in the order given: core hands a run's targets of one type and region to it, at most {@link #MAX_BATCH} at
     * a time, so that a type can describe them together (EBS: one DescribeVolumes for up to 200 volumes) before
     * making each artifact. The default starts them one by one with {@link #startBackup} (since 1.4).
     */
    default List<TargetStart> startBackups(CloudContext ctx, List<TargetSpec> targets, BackupRequest request) {
        List<TargetStart> starts = new java.util.ArrayList<>();
        for (TargetSpec target : targets) {
            try {
                starts.add(TargetStart.started(target, startBackup(ctx, target, request)));
            } catch (RuntimeException e) {
                starts.add(TargetStart.failed(target, e));
            }
        }
        return starts;
    }

    /** Reads the current state of an artifact that {@link #startBackup} returned. */
    ArtifactStatus poll(CloudContext ctx, Artifact artifact);

    /**
     * Reads the states of many artifacts of this type in the context's region, keyed by {@link Artifact#id()}:
     * core checks a run's pending artifacts with it, at most {@link #MAX_BATCH} at a time, so that a type can
     * answer them with one call (EBS: one DescribeSnapshots for up to 200 snapshots). An artifact left out of
     * the answer could not be checked this time; core then asks {@link #poll} for it, to learn why. The default
     * polls them one by one and leaves out those whose check threw (since 1.4).
     */
    default Map<String, ArtifactStatus> pollAll(CloudContext ctx, List<Artifact> artifacts) {
        Map<String, ArtifactStatus> states = new LinkedHashMap<>();
        for (Artifact artifact : artifacts) {
            try {
                states.put(artifact.id(), poll(ctx, artifact));
            } catch (RuntimeException e) {
                // left out: core asks again with poll, which names the reason
            }
        }
        return states;
    }

    /** Deletes an artifact in AWS (retention, clean-up). Deleting what is already gone is not an error. */
    void delete(CloudContext ctx, Artifact artifact);

    /**
     * Finds the artifacts of this type in the context's region that carry the tag
     * {@link HavenTags#BACKUP_ID} with the given value. Used after a crash to adopt what a run
     * created before its state was written.
     */
    List<Artifact> findByBackupId(CloudContext ctx, String backupId);

    /**
     * The {@link TargetSpec#resourceId()} of the target whose backup made the artifact, for an artifact that
     * {@link #findByBackupId} found: core records every artifact with its target, so that it can tell which
     * targets of a run are covered without knowing what the type's ids mean. The default is the artifact's own
     * {@link Artifact#resourceId()}, right for types that snapshot the target itself; a type whose artifacts
     * are made from parts of the target (the volumes of an instance) overrides it (since 1.3).
     */
    default String targetOf(Artifact artifact) {
        return artifact.resourceId();
    }

    /**
     * Whether core's tag scan (guide 13) looks for resources of this type tagged {@code cpm backup}. Types opt in
     * by returning true and overriding {@link #findTagged}; the default is false, so that a type built before
     * tag scanning is never scanned (since 1.5).
     */
    default boolean scansTags() {
        return false;
    }

    /**
     * The resources of this type in the context's region that carry a tag with the given key, with their tags.
     * Called only when {@link #scansTags} is true. The default filters {@link #discover}; types with many
     * resources override it with a filtered, paginated describe (EC2: a {@code tag-key} filter) (since 1.5).
     */
    default List<Resource> findTagged(CloudContext ctx, String tagKey) {
        return discover(ctx).stream().filter(r -> r.tags().containsKey(tagKey)).toList();
    }

    /**
     * The target options that the backup options written in a tag after {@code #} stand for (guide 13: for EC2
     * instances {@code only-snaps}, {@code initial-ami}, {@code only-amis}, {@code only-amis-reboot},
     * {@code app-aware}), in the form {@link #validate} takes. Throws {@link InvalidTargetException} naming the
     * option that the type does not take; does not call AWS. The default takes none (since 1.5).
     */
    default Map<String, String> optionsFromTag(List<String> tagOptions) {
        if (!tagOptions.isEmpty()) {
            throw new InvalidTargetException("options", displayName() + " targets take no backup options in tags, got: "
                    + String.join(", ", tagOptions));
        }
        return Map.of();
    }

    /**
     * Why this type's artifacts are not copied to other regions for disaster recovery (guide 10), or empty when
     * the type copies them with {@link #startCopy}. Core writes the reason in the backup's log and copies nothing
     * of the type. The default names the type: a type built before 1.6 copies nothing (since 1.6).
     */
    default Optional<String> notCopiedBecause() {
        return Optional.of(displayName() + " backups are not copied to other regions: the plugin does not support "
                + "disaster-recovery copies");
    }

    /**
     * Starts the copy of one completed artifact into the destination's region (CopySnapshot, CopyImage, ...), tagged
     * at creation with {@link CopyRequest#tags()}, and returns the copy at once, without waiting for it: an
     * artifact whose region is the destination's, which core then checks with {@link #poll}/{@link #pollAll} and
     * deletes with {@link #delete}, both with the destination's context. An artifact encrypted with a customer
     * key is copied with the key of the same alias in the destination (a missing alias fails the copy with a
     * message naming the alias and the region); one encrypted with AWS's default key gets the destination's
     * default key (guide 10.5.2). Throws {@link CopyDeferredException} when AWS refuses the copy for now (its
     * limit of concurrent copies, throttling), so that core retries it later. Called only when
     * {@link #notCopiedBecause()} is empty; the default refuses (since 1.6).
     *
     * @param source      the account and region of the artifact
     * @param destination the account and region to copy into
     */
    default Artifact startCopy(CloudContext source, CloudContext destination, Artifact artifact, CopyRequest request) {
        throw new UnsupportedOperationException(notCopiedBecause().orElse(displayName()
                + " does not implement startCopy"));
    }

    /**
     * Why this type's artifacts are not copied into another AWS account (cross-account DR, guide 11), or empty when
     * the type shares them with {@link #share} and its {@link #startCopy} copies a shared artifact of another account
     * when called with the other account's destination context. Core writes the reason in the backup's log and
     * copies nothing of the type to the DR account. The default names the type: a type built before 1.8 does not
     * copy across accounts (since 1.8).
     */
    default Optional<String> notSharedBecause() {
        return Optional.of(displayName() + " backups are not copied to other accounts: the plugin does not support "
                + "cross-account disaster-recovery copies");
    }

    /**
     * Shares a completed artifact with another AWS account so that this account can copy it (EBS: the snapshot's
     * {@code createVolumePermission}; RDS: the snapshot's {@code restore} attribute), in the source's account and
     * region. Sharing what is already shared is not an error. Called before {@link #startCopy} of a cross-account
     * copy, whose destination then is the other account's; only when {@link #notSharedBecause()} is empty. The
     * default refuses (since 1.8).
     *
     * @param source       the account and region of the artifact
     * @param awsAccountId the 12-digit AWS account to share it with
     */
    default void share(CloudContext source, Artifact artifact, String awsAccountId) {
        throw new UnsupportedOperationException(notSharedBecause().orElse(displayName() + " does not implement share"));
    }

    /**
     * The artifact as the account it was {@link #share shared} with names it, in the source's region: recovering it
     * there (guide 10.5) hands this to the type's recovery. The default is the artifact itself, right for EBS
     * snapshots and AMIs, whose ids are the same in every account; an RDS snapshot of another account is named by
     * its ARN. May call AWS in the source account (since 1.9).
     */
    default Artifact sharedAs(CloudContext source, Artifact artifact) {
        return artifact;
    }

    /**
     * Adds tags to an artifact (or copy) of this type in the context's account and region, keeping the others: core
     * flags with {@link HavenTags#CPM_DELETED} the copies it may not delete (guide 11.3). Called only when
     * {@link #notSharedBecause()} is empty. The default refuses (since 1.8).
     */
    default void tag(CloudContext ctx, Artifact artifact, Map<String, String> tags) {
        throw new UnsupportedOperationException(displayName() + " does not implement tag");
    }

    /**
     * The disaster-recovery copies of this type in the destination's region that the backup run made: artifacts
     * that carry {@link HavenTags#BACKUP_ID} with the given value and whose details name the source artifact
     * under {@link HavenTags#COPY_OF}. Core adopts with it a copy it started before a stop but did not record.
     * The default filters {@link #findByBackupId} (since 1.6).
     */
    default List<Artifact> findCopies(CloudContext destination, String backupId) {
        return findByBackupId(destination, backupId).stream()
                .filter(a -> a.detail(HavenTags.COPY_OF) != null).toList();
    }

    /**
     * The per-user resource limit (guide 16.2) that resources of this type count toward, for example
     * {@link LimitCategory#EBS_GIB} for EBS volumes. Core then weighs each resource with {@link #limitUse}. The
     * default is none: the type's resources count toward no limit (since 1.6).
     */
    default Optional<LimitCategory> limitCategory() {
        return Optional.empty();
    }

    /**
     * How much of its {@link #limitCategory()} one resource uses, as {@link #find} or {@link #discover} report it:
     * 1 for a counted category, its size in whole GiB (rounded up) for a category in GiB. Empty when the resource
     * does not tell (its size is not reported); core then refuses to add it to a policy of a user with a limit in
     * that category, and skips it at backup time, since the limit cannot be judged. Does not call AWS. The default
     * is empty, as a type without a category uses nothing (since 1.6).
     */
    default OptionalLong limitUse(Resource resource) {
        return OptionalLong.empty();
    }
}
