package io.haven.core;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetNotFoundException;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target type that keeps its "cloud" in memory, so that the engine's own logic (pending states,
 * failures, retention, adoption) can be driven precisely; moto completes everything at once and
 * cannot. Real AWS behaviour is tested in the plugins and the integration tests.
 */
public class FakeTargetType implements TargetType {

    /** Artifacts that exist, by id, with the tags they were created with. */
    public final Map<String, Map<String, String>> existing = new ConcurrentHashMap<>();
    public final List<String> deleted = new CopyOnWriteArrayList<>();
    public final Set<String> missingResources = ConcurrentHashMap.newKeySet();
    public final Set<String> failingResources = ConcurrentHashMap.newKeySet();
    /** Artifacts, by id, that AWS reports as failed. */
    public final Set<String> failingArtifacts = ConcurrentHashMap.newKeySet();
    /** Resources whose snapshots' status checks throw, as with revoked keys; and how many checks threw. */
    public final Set<String> uncheckableResources = ConcurrentHashMap.newKeySet();
    public final AtomicInteger failedChecks = new AtomicInteger();
    public volatile int pendingPolls;
    public volatile int maxTargets = Integer.MAX_VALUE;
    /** When set, each artifact records this billedGiB, as Aurora and DynamoDB artifacts do. */
    public volatile Integer billedGiB;
    /** The resource (target) each existing artifact was made from. */
    private final Map<String, String> resources = new ConcurrentHashMap<>();
    /** Targets whose start makes a second artifact besides the one it returns, as a blind retry after a lost answer would. */
    public final Set<String> doublingResources = ConcurrentHashMap.newKeySet();
    /** Targets whose start makes an artifact but returns none, as a lost answer whose look-up missed would. */
    public final Set<String> losingResources = ConcurrentHashMap.newKeySet();
    /** The targets started with {@link BackupRequest#resumed()}, in order. */
    public final List<String> resumedStarts = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    public String id() {
        return "fake-volume";
    }

    @Override
    public String displayName() {
        return "Fake volume";
    }

    @Override
    public int maxTargetsPerPolicy() {
        return maxTargets;
    }

    @Override
    public List<Resource> discover(CloudContext ctx) {
        return List.of(new Resource(id(), "vol-1", ctx.region(), "vol-1", Map.of(), Map.of()));
    }

    /** Called with the resource id at each {@link #find}, before it looks; a test may block in it. */
    public volatile java.util.function.Consumer<String> onFind = id -> { };

    @Override
    public java.util.Optional<Resource> find(CloudContext ctx, String resourceId) {
        onFind.accept(resourceId);
        return TargetType.super.find(ctx, resourceId);
    }

    /** The type's check of a target; accepts everything unless a test sets it. */
    public volatile java.util.function.Consumer<TargetSpec> onValidate = target -> { };

    @Override
    public void validate(TargetSpec target) {
        onValidate.accept(target);
    }

    /** When set, each start writes this to the run's log, as a plugin tells the user what it decided. */
    public volatile String noteForTheLog;

    @Override
    public List<Artifact> startBackup(CloudContext ctx, TargetSpec target, BackupRequest request) {
        if (missingResources.contains(target.resourceId())) {
            throw new TargetNotFoundException("Volume " + target.resourceId() + " does not exist");
        }
        if (request.resumed()) {
            resumedStarts.add(target.resourceId());
            for (Map.Entry<String, String> made : resources.entrySet()) {
                if (made.getValue().equals(target.resourceId())
                        && request.backupId().equals(existing.getOrDefault(made.getKey(), Map.of()).get(HavenTags.BACKUP_ID))) {
                    request.log().info("Found " + made.getKey() + " made before Haven stopped");
                    return List.of(artifact(made.getKey(), target.region(), target.resourceId()));
                }
            }
        }
        String id = make(request.tags(), target.resourceId());
        if (noteForTheLog != null) {
            request.log().warning(noteForTheLog + " (" + target.resourceId() + ")");
        }
        if (doublingResources.contains(target.resourceId())) {
            make(request.tags(), target.resourceId());
        }
        if (losingResources.contains(target.resourceId())) {
            return List.of();
        }
        return List.of(artifact(id, target.region(), target.resourceId()));
    }

    private String make(Map<String, String> tags, String resourceId) {
        String id = "snap-" + ids.incrementAndGet();
        existing.put(id, Map.copyOf(tags));
        resources.put(id, resourceId);
        return id;
    }

    public Artifact artifact(String id, String region, String resourceId) {
        Integer billed = billedGiB;
        return new Artifact("fake-snapshot", id, region, resourceId, billed == null ? Map.of("volumeId", resourceId)
                : Map.of("volumeId", resourceId, "billedGiB", String.valueOf(billed)));
    }

    /** Creates an artifact as a run would have, without the engine knowing. */
    public Artifact createBehindTheEnginesBack(String backupId, String resourceId) {
        String id = make(Map.of(HavenTags.BACKUP_ID, backupId), resourceId);
        return artifact(id, "us-east-1", resourceId);
    }

    @Override
    public ArtifactStatus poll(CloudContext ctx, Artifact artifact) {
        if (uncheckableResources.contains(artifact.resourceId())) {
            failedChecks.incrementAndGet();
            throw new IllegalStateException("AccessDenied: the keys were revoked");
        }
        if (failingResources.contains(artifact.resourceId()) || failingArtifacts.contains(artifact.id())) {
            return ArtifactStatus.failed("disk on fire");
        }
        int count = polls.computeIfAbsent(artifact.id(), k -> new AtomicInteger()).incrementAndGet();
        return count <= pendingPolls ? ArtifactStatus.pending(count * 10) : ArtifactStatus.completed();
    }

    public int pollsOf(String artifactId) {
        return polls.getOrDefault(artifactId, new AtomicInteger()).get();
    }

    @Override
    public void delete(CloudContext ctx, Artifact artifact) {
        existing.remove(artifact.id());
        deleted.add(artifact.id());
    }

    @Override
    public List<Artifact> findByBackupId(CloudContext ctx, String backupId) {
        List<Artifact> found = new ArrayList<>();
        existing.forEach((id, tags) -> {
            if (backupId.equals(tags.get(HavenTags.BACKUP_ID))) {
                found.add(artifact(id, ctx.region(), resources.getOrDefault(id, "vol-1")));
            }
        });
        return found;
    }
}
