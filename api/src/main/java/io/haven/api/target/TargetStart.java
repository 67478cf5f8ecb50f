package io.haven.api.target;

import java.util.List;

/**
 * What starting one target of a batch came to ({@link TargetType#startBackups}, since 1.4): the artifacts it
 * made, or the exception its start ended with ({@link TargetNotFoundException} when the resource is gone).
 *
 * @param target    the target, as it was handed in
 * @param artifacts what was made; empty on error
 * @param error     why the start failed, or null
 */
public record TargetStart(TargetSpec target, List<Artifact> artifacts, RuntimeException error) {

    public TargetStart {
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }

    public static TargetStart started(TargetSpec target, List<Artifact> artifacts) {
        return new TargetStart(target, artifacts, null);
    }

    public static TargetStart failed(TargetSpec target, RuntimeException error) {
        return new TargetStart(target, List.of(), error);
    }
}
