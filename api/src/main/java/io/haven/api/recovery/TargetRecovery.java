package io.haven.api.recovery;

import io.haven.api.target.Artifact;
import io.haven.api.target.CloudContext;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Recovers the resources of one target type from the artifacts a backup recorded (guide chapter 9).
 *
 * <p>A plugin registers one DS service per type it can recover, with the service property
 * {@link io.haven.api.target.TargetType#SERVICE_PROPERTY_TYPE} set to {@link #typeId()}. Recovery is a
 * separate service from backup so that a type can be backed up before its recovery exists, and one
 * bundle may recover several types that share logic (EC2 instances and EBS volumes).
 *
 * <p>Implementations are stateless. Choices are a flat map of option name to text value; an absent
 * option takes the {@link RecoveryOption#defaultValue()} offered by {@link #recoverables}.
 */
@ConsumerType
public interface TargetRecovery {

    /** The {@link io.haven.api.target.TargetType#id()} whose artifacts this service recovers. */
    String typeId();

    /**
     * The recovery panel for one backup: what can be recovered from these artifacts (all of this
     * type, from one backup), each with its options and their defaults as the original resource had
     * them at backup time. Reads only the artifacts' recorded details; never calls AWS.
     */
    List<Recoverable> recoverables(List<Artifact> artifacts);

    /**
     * Checks the choices for one recoverable against AWS without creating anything: option syntax,
     * ranges, that target identifiers are free, that subnets, zones and instances exist.
     *
     * @throws InvalidRecoveryException naming the option and the reason
     */
    void check(CloudContext ctx, Recoverable recoverable, Map<String, String> choices);

    /**
     * Creates the resources. Each resource is handed to {@code progress.created} as soon as AWS
     * returns its id, before the next call, so that a failure half-way leaves nothing unknown.
     * Returns without waiting for resources to become available.
     *
     * @throws InvalidRecoveryException when the choices are not acceptable (nothing is created)
     */
    void start(CloudContext ctx, Recoverable recoverable, Map<String, String> choices, RecoveryProgress progress);

    /**
     * Goes on with a {@link #start} that Haven's stop cut short (since 1.4). Core calls it after a restart for a
     * recovery whose start had not returned, with the same recoverable (its artifacts as the start saw them) and
     * choices, and the resources the start had reported as created and not removed, in the order it reported them.
     * An implementation adopts what exists instead of making it again, creates what is still missing, reports it as
     * {@link #start} does, and returns without waiting for resources to become available; where going on is
     * impossible it removes what only served the start (reporting it as removed) and throws, saying why.
     *
     * <p>The default knows nothing of the start's steps: it creates nothing, and core polls what was recorded;
     * anything the start would have created later is not made, and the log says so.
     *
     * @param created the resources recorded so far, possibly none
     */
    default void resume(CloudContext ctx, Recoverable recoverable, Map<String, String> choices,
                        List<RecoveredResource> created, RecoveryProgress progress) {
        progress.log("This recovery cannot go on from where Haven stopped: only the recorded resources are waited"
                + " for, and anything the recovery would have created after them is not known to Haven");
    }

    /** The current state of a resource that {@link #start} created. */
    RecoveryState poll(CloudContext ctx, RecoveredResource resource);
}
