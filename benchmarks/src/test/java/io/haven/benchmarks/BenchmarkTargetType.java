package io.haven.benchmarks;

import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import io.haven.api.target.Resource;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetType;
import java.util.List;

/**
 * What the benchmarks' in-memory target types share: a name, no discovery, any resource id, and nothing to find
 * after a restart. Each makes and checks its snapshots its own way.
 */
abstract class BenchmarkTargetType implements TargetType {

    private final String id;
    private final String displayName;

    BenchmarkTargetType(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public List<Resource> discover(CloudContext ctx) {
        return List.of();
    }

    @Override
    public void validate(TargetSpec target) {
    }

    @Override
    public List<Artifact> findByBackupId(CloudContext ctx, String backupId) {
        return List.of();
    }
}
