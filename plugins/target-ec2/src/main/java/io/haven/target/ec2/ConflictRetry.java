package io.haven.target.ec2;

import io.haven.aws.ec2.Ec2Errors;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * How CreateImage is tried again when EC2 refuses it for a passing conflict, typically another
 * policy snapshotting the same instance at the same time (guide 4.2.4, note under "AMI Creation").
 *
 * @param waits   the pauses before the second, third, ... attempt; their number is the number of retries
 * @param sleeper how to pause (tests pass one that only records)
 */
record ConflictRetry(List<Duration> waits, Sleeper sleeper) {

    /**
     * EC2 error codes that a later attempt can overcome. IncorrectState: a volume is busy (a
     * snapshot or modification in progress); IncorrectInstanceState: the instance is between states
     * or already being imaged; ConcurrentSnapshotLimitExceeded: the volume has its maximum of
     * pending snapshots; SnapshotCreationPerVolumeRateExceeded: snapshots of one volume started too
     * close together (AWS asks for 15 s between them). Everything else (invalid parameters,
     * permissions, missing instance) fails at once.
     */
    static final Set<String> CONFLICT_CODES = Set.of("IncorrectState", "IncorrectInstanceState",
            "ConcurrentSnapshotLimitExceeded", "SnapshotCreationPerVolumeRateExceeded");

    /** Three attempts in all; the pauses add up to 20 s, past the 15 s that AWS asks between snapshots of a volume. */
    static final List<Duration> STANDARD_WAITS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(15));

    ConflictRetry {
        waits = List.copyOf(waits);
    }

    static ConflictRetry standard() {
        return new ConflictRetry(STANDARD_WAITS, Sleeper.THREAD);
    }

    static boolean isConflict(AwsServiceException error) {
        return CONFLICT_CODES.stream().anyMatch(code -> Ec2Errors.hasCode(error, code));
    }

    /** Pauses the calling thread. */
    @FunctionalInterface
    interface Sleeper {
        Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }
}
