package io.haven.benchmarks;

import io.haven.api.target.Artifact;
import io.haven.api.target.ArtifactStatus;
import io.haven.api.target.BackupRequest;
import io.haven.api.target.CloudContext;
import io.haven.api.target.HavenTags;
import io.haven.api.target.TargetSpec;
import io.haven.api.target.TargetStart;
import io.haven.api.target.TargetType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The loops the run benchmarks share: Haven's batch start and poll through a type, and the bare SDK's. */
final class RunLoops {

    private RunLoops() {
    }

    /** Starts the targets through the type's batch form, as core hands them over; what they made. */
    static List<Artifact> startAll(TargetType type, CloudContext ctx, List<TargetSpec> targets, BackupRequest request) {
        List<Artifact> artifacts = new ArrayList<>();
        for (int from = 0; from < targets.size(); from += TargetType.MAX_BATCH) {
            for (TargetStart start : type.startBackups(ctx, targets.subList(from, Math.min(targets.size(),
                    from + TargetType.MAX_BATCH)), request)) {
                if (start.error() != null) {
                    throw start.error();
                }
                artifacts.addAll(start.artifacts());
            }
        }
        return artifacts;
    }

    /** Checks the artifacts through the type's batch form every round until none is pending. */
    static void pollUntilDone(TargetType type, CloudContext ctx, List<Artifact> artifacts, Duration round)
            throws InterruptedException {
        List<Artifact> pending = artifacts;
        while (!pending.isEmpty()) {
            Thread.sleep(round.toMillis());
            List<Artifact> still = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += TargetType.MAX_BATCH) {
                List<Artifact> batch = pending.subList(from, Math.min(pending.size(), from + TargetType.MAX_BATCH));
                Map<String, ArtifactStatus> states = type.pollAll(ctx, batch);
                batch.stream().filter(a -> states.get(a.id()).state() == ArtifactStatus.State.PENDING).forEach(still::add);
            }
            pending = still;
        }
    }

    /** The bare loop's status checks: one DescribeSnapshots per 200 pending snapshots every round until done. */
    static void bareUntilCompleted(Ec2Client ec2, Collection<String> snapshots, Duration round)
            throws InterruptedException {
        Set<String> pending = new HashSet<>(snapshots);
        while (!pending.isEmpty()) {
            Thread.sleep(round.toMillis());
            List<String> ids = new ArrayList<>(pending);
            for (int from = 0; from < ids.size(); from += 200) {
                List<String> batch = ids.subList(from, Math.min(ids.size(), from + 200));
                List<Snapshot> found = untilDone(() -> ec2.describeSnapshots(b -> b.filters(Filter.builder()
                        .name("snapshot-id").values(batch).build())).snapshots());
                found.stream().filter(s -> s.state() == SnapshotState.COMPLETED).forEach(s -> pending.remove(s.snapshotId()));
            }
        }
    }

    /**
     * The bare loop's start: one DescribeInstances per 200 instances, then one CreateSnapshots per instance found, all
     * volumes, tagged with the backup id; the snapshots made.
     */
    static List<String> bareSnapshotInstances(Ec2Client ec2, List<String> instances, String backupId) {
        TagSpecification tags = TagSpecification.builder().resourceType(ResourceType.SNAPSHOT)
                .tags(Tag.builder().key(HavenTags.BACKUP_ID).value(backupId).build()).build();
        List<String> made = new ArrayList<>();
        for (int from = 0; from < instances.size(); from += 200) {
            List<String> batch = instances.subList(from, Math.min(instances.size(), from + 200));
            List<String> found = untilDone(() -> ec2.describeInstances(b -> b.filters(Filter.builder()
                            .name("instance-id").values(batch).build())).reservations().stream()
                    .flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList());
            for (String instance : found) {
                untilDone(() -> ec2.createSnapshots(b -> b.instanceSpecification(s -> s.instanceId(instance)
                        .excludeBootVolume(false)).tagSpecifications(tags)).snapshots())
                        .forEach(s -> made.add(s.snapshotId()));
            }
        }
        return made;
    }

    /** The bare loop's way with a call the SDK gave up on after its retries: call again. */
    static <T> T untilDone(Supplier<T> call) {
        while (true) {
            try {
                return call.get();
            } catch (SdkException e) {
                // throttled three times in a row: the SDK's standard strategy gave up; a loop tries again
            }
        }
    }

    /** A bare EC2 client signing with its own key: an account of its own at the proxy. */
    static Ec2Client client(String endpoint, String region, String key) {
        return Ec2Client.builder().endpointOverride(URI.create(endpoint)).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
