package io.haven.core.recovery;

import io.haven.api.recovery.Recoverable;
import io.haven.api.recovery.RecoveryOption;
import io.haven.api.target.Artifact;
import io.haven.store.BackupRepository;
import io.haven.store.BackupRepository.StoredArtifact;
import io.haven.store.CopyRepository;
import io.haven.store.CopyRepository.StoredCopy;
import io.haven.store.HavenStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A backup's completed DR copies, as recovery sees them (guide 10.5): the regions they are in, and per region the
 * copies that stand in for the backup's artifacts. A resource is recoverable in a region only when every one of its
 * artifacts has a completed copy there (an instance with one volume not copied is not), so that a plugin never builds
 * a recovery from part of a resource. Type-agnostic: the copies are the plugins' own artifacts.
 */
final class DrCopies {

    private final List<StoredArtifact> artifacts;
    private final List<StoredCopy> completed;

    DrCopies(HavenStore store, long backupId) {
        this(store, backupId, null);
    }

    /**
     * @param drAccountId the DR account whose copies count (guide 11.5); null: the copies in the backup's own account.
     *                    Originals deleted because the policy keeps none (their copies stand in for them) count as
     *                    the backup's artifacts
     */
    DrCopies(HavenStore store, long backupId, Long drAccountId) {
        List<StoredCopy> all = store.copies().ofBackup(backupId);
        java.util.Set<Long> replaced = new java.util.HashSet<>();
        all.stream().filter(StoredCopy::replacesSource).forEach(c -> replaced.add(c.view().artifactId()));
        this.artifacts = store.backups().artifacts(backupId).stream()
                .filter(a -> BackupRepository.COMPLETED.equals(a.state()) || replaced.contains(a.id())).toList();
        this.completed = all.stream()
                .filter(c -> CopyRepository.COMPLETED.equals(c.state()) && c.copy() != null)
                .filter(c -> drAccountId == null ? !c.crossAccount() : c.crossAccount() && c.accountId() == drAccountId)
                .toList();
    }

    /** The DR accounts that hold completed copies of the backup, in the order the copies were made. */
    static List<Long> drAccounts(HavenStore store, long backupId) {
        return store.copies().ofBackup(backupId).stream()
                .filter(c -> c.crossAccount() && CopyRepository.COMPLETED.equals(c.state()) && c.copy() != null)
                .map(StoredCopy::accountId).distinct().toList();
    }

    /** The regions with at least one resource whose artifacts were all copied there, sorted. */
    List<String> regions() {
        TreeSet<String> regions = new TreeSet<>();
        completed.forEach(c -> regions.add(c.view().region()));
        regions.removeIf(region -> artifactsIn(region).isEmpty());
        return List.copyOf(regions);
    }

    /** Per target type, the copies in the region of the resources copied whole, in the order they were made. */
    Map<String, List<Artifact>> artifactsIn(String region) {
        Map<Long, Artifact> copyOf = new HashMap<>();
        completed.stream().filter(c -> c.view().region().equals(region))
                .forEach(c -> copyOf.put(c.view().artifactId(), c.copy()));
        Map<List<String>, List<StoredArtifact>> byResource = new LinkedHashMap<>();
        artifacts.forEach(a -> byResource.computeIfAbsent(List.of(a.view().targetType(), String.valueOf(a.targetResourceId())),
                k -> new ArrayList<>()).add(a));
        Map<String, List<Artifact>> byType = new LinkedHashMap<>();
        byResource.forEach((resource, ofResource) -> {
            if (ofResource.stream().allMatch(a -> copyOf.containsKey(a.id()))) {
                ofResource.forEach(a -> byType.computeIfAbsent(resource.get(0), t -> new ArrayList<>()).add(copyOf.get(a.id())));
            }
        });
        return byType;
    }

    /** The recoverable with the defaults that name something of the origin region left blank. */
    static Recoverable inAnotherRegion(Recoverable r) {
        List<RecoveryOption> options = r.options().stream()
                .map(o -> o.regionBound() ? o.withoutDefault() : o).toList();
        return new Recoverable(r.kind(), r.key(), r.typeId(), r.resourceId(), r.region(), r.label(), options, r.notes(),
                r.artifacts());
    }
}
