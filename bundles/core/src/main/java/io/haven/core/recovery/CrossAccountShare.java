package io.haven.core.recovery;

import io.haven.api.recovery.Recoverable;
import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import io.haven.api.target.TargetType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A recovery in another account of the user than where its artifacts are (guide 10.5, 11.5): before the plugin
 * creates anything, the artifacts' account shares each artifact with the target account through its type, and the
 * plugin recovers from them as the target account names them. The shares stay (decision 46).
 */
final class CrossAccountShare implements RecoveryEngine.Preparation {

    private final TargetType type;
    private final Supplier<CloudContext> source;
    private final String sourceName;
    private final String targetName;
    private final String targetAwsAccountId;

    /**
     * @param source     the artifacts' account in their region
     * @param sourceName the artifacts' account as the log names it
     * @param targetName the account the recovery is made in, as the log names it
     */
    CrossAccountShare(TargetType type, Supplier<CloudContext> source, String sourceName, String targetName,
                      String targetAwsAccountId) {
        this.type = type;
        this.source = source;
        this.sourceName = sourceName;
        this.targetName = targetName;
        this.targetAwsAccountId = targetAwsAccountId;
    }

    @Override
    public Recoverable prepare(Recoverable item, Consumer<String> log) {
        CloudContext from = source.get();
        List<Artifact> shared = new ArrayList<>();
        for (Artifact artifact : item.artifacts()) {
            type.share(from, artifact, targetAwsAccountId);
            Artifact there = type.sharedAs(from, artifact);
            log.accept("Shared " + artifact.kind() + " " + artifact.id() + " of " + sourceName + " with " + targetName
                    + " in " + artifact.region() + (there.id().equals(artifact.id()) ? ""
                    : "; recovered there from " + there.id()));
            shared.add(there);
        }
        return new Recoverable(item.kind(), item.key(), item.typeId(), item.resourceId(), item.region(), item.label(),
                item.options(), item.notes(), shared);
    }
}
