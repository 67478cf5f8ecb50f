package io.haven.recovery.ec2;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/**
 * The few waits a recovery cannot do without, because the next call needs the previous resource
 * ready: a new volume must be available before it is attached, a detached one before the switch
 * goes on, a registered AMI before instances launch from it, launched instances must show their
 * volumes before those can be tagged, and an instance must be stopped before its root volume is swapped. Each polls every 5 seconds for at most 10 minutes and throws
 * the SDK's exception when the resource fails or time runs out. Copies of shared snapshots, full copies that take
 * as long as their size, must be complete before an AMI is registered from them: every 15 seconds for at most
 * 6 hours.
 */
final class Waits {

    private static final Duration DELAY = Duration.ofSeconds(5);
    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final Duration COPY_DELAY = Duration.ofSeconds(15);
    private static final Duration COPY_LIMIT = Duration.ofHours(6);

    private Waits() {
    }

    static void volumeAvailable(Ec2Client ec2, String volumeId) {
        waitWith(ec2, waiter -> waiter.waitUntilVolumeAvailable(b -> b.volumeIds(volumeId)));
    }

    static void imageAvailable(Ec2Client ec2, String imageId) {
        waitWith(ec2, waiter -> waiter.waitUntilImageAvailable(b -> b.imageIds(imageId)));
    }

    static void instancesRunning(Ec2Client ec2, List<String> instanceIds) {
        waitWith(ec2, waiter -> waiter.waitUntilInstanceRunning(b -> b.instanceIds(instanceIds)));
    }

    static void instancesStopped(Ec2Client ec2, List<String> instanceIds) {
        waitWith(ec2, waiter -> waiter.waitUntilInstanceStopped(b -> b.instanceIds(instanceIds)));
    }

    static void snapshotsCompleted(Ec2Client ec2, List<String> snapshotIds) {
        waitWith(ec2, COPY_DELAY, COPY_LIMIT, waiter -> waiter.waitUntilSnapshotCompleted(b -> b.snapshotIds(snapshotIds)));
    }

    private static void waitWith(Ec2Client ec2, Consumer<Ec2Waiter> wait) {
        waitWith(ec2, DELAY, LIMIT, wait);
    }

    private static void waitWith(Ec2Client ec2, Duration delay, Duration limit, Consumer<Ec2Waiter> wait) {
        WaiterOverrideConfiguration timing = WaiterOverrideConfiguration.builder()
                .backoffStrategyV2(BackoffStrategy.fixedDelay(delay))
                .maxAttempts((int) (limit.toSeconds() / delay.toSeconds()))
                .waitTimeout(limit)
                .build();
        // The waiter borrows the context's client and does not close it.
        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(timing).build()) {
            wait.accept(waiter);
        }
    }
}
