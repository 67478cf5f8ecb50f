package io.haven.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Volume;

/** The estate emulator answers the AWS SDK as EC2 does, for the calls a backup run of instances makes. */
class Ec2EstateEmulatorTest {

    private static final String ACCOUNT = "111111111111";
    private static final String REGION = "eu-west-1";

    private Ec2EstateEmulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = new Ec2EstateEmulator();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void describesSnapshotsAndDeletesAsEc2Does() {
        List<String> launched = emulator.launch(ACCOUNT, REGION, 3, 3);
        try (Ec2Client ec2 = client(emulator.endpoint(), ACCOUNT)) {
            List<Instance> instances = ec2.describeInstances(b -> b.filters(filter("instance-id", launched.subList(0, 2))))
                    .reservations().stream().flatMap(r -> r.instances().stream()).toList();
            assertThat(instances).extracting(Instance::instanceId).containsExactlyInAnyOrderElementsOf(launched.subList(0, 2));
            Instance first = instances.stream().filter(i -> i.instanceId().equals(launched.get(0))).findFirst().orElseThrow();
            assertThat(first.blockDeviceMappings()).hasSize(3);
            assertThat(first.rootDeviceName()).isEqualTo("/dev/xvda");
            assertThat(ec2.describeImages(b -> b.filters(filter("image-id", List.of(first.imageId())))).images()).hasSize(1);
            assertThat(ec2.describeImages(b -> b.filters(filter("tag:haven:initial-ami-of", List.of(first.instanceId()))))
                    .images()).as("the image has no tags").isEmpty();
            List<Volume> volumes = ec2.describeVolumes(b -> b.filters(filter("attachment.instance-id",
                    List.of(first.instanceId())))).volumes();
            assertThat(volumes).hasSize(3).allSatisfy(v -> assertThat(v.attachments().get(0).instanceId())
                    .isEqualTo(first.instanceId()));
            assertThat(ec2.describeInstanceAttribute(b -> b.instanceId(first.instanceId())
                    .attribute("disableApiTermination")).disableApiTermination().value()).isFalse();

            List<String> made = ec2.createSnapshots(b -> b.instanceSpecification(s -> s.instanceId(first.instanceId())
                            .excludeBootVolume(true)).tagSpecifications(t -> t.resourceType(ResourceType.SNAPSHOT)
                            .tags(tag -> tag.key("haven:backup-id").value("7"))))
                    .snapshots().stream().map(s -> s.snapshotId()).toList();
            assertThat(made).as("the boot volume left out").hasSize(2);
            List<Snapshot> tagged = ec2.describeSnapshots(b -> b.filters(filter("tag:haven:backup-id", List.of("7"))))
                    .snapshots();
            assertThat(tagged).extracting(Snapshot::snapshotId).containsExactlyInAnyOrderElementsOf(made);
            assertThat(tagged).allSatisfy(s -> assertThat(s.state()).isEqualTo(SnapshotState.COMPLETED));
            assertThat(ec2.describeSnapshots(b -> b.filters(filter("tag:haven:backup-id", List.of("8")))).snapshots())
                    .isEmpty();

            ec2.deleteSnapshot(b -> b.snapshotId(made.get(0)));
            assertThat(ec2.describeSnapshots(b -> b.filters(filter("snapshot-id", made))).snapshots())
                    .extracting(Snapshot::snapshotId).containsExactly(made.get(1));
            assertThatThrownBy(() -> ec2.deleteSnapshot(b -> b.snapshotId(made.get(0))))
                    .isInstanceOfSatisfying(AwsServiceException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSnapshot.NotFound"));
        }
        try (Ec2Client other = client(emulator.endpoint(), "222222222222")) {
            assertThat(other.describeSnapshots(b -> b.filters(filter("snapshot-id", List.of("snap-1")))).snapshots())
                    .as("each account has its own snapshots").isEmpty();
            assertThat(other.describeInstances(b -> b.filters(filter("instance-id", launched))).reservations()).isEmpty();
        }
        assertThat(emulator.snapshots(ACCOUNT, REGION)).isEqualTo(1);
        assertThat(emulator.unsupported()).isEmpty();
    }

    @Test
    void behindTheProxyItsSnapshotsStayPendingAndAnUnknownCallIsCounted() throws Exception {
        String instance = emulator.launch(ACCOUNT, REGION, 1, 2).get(0);
        try (AwsBehaviourProxy proxy = new AwsBehaviourProxy(emulator.endpoint());
             Ec2Client ec2 = client(proxy.endpoint(), ACCOUNT)) {
            proxy.snapshotsPendingFor(Duration.ofHours(1));
            List<String> made = ec2.createSnapshots(b -> b.instanceSpecification(s -> s.instanceId(instance)))
                    .snapshots().stream().map(s -> s.snapshotId()).toList();
            assertThat(ec2.describeSnapshots(b -> b.filters(filter("snapshot-id", made))).snapshots())
                    .hasSize(2).allSatisfy(s -> assertThat(s.state()).isEqualTo(SnapshotState.PENDING));
            assertThat(proxy.calls("CreateSnapshots")).isEqualTo(1);
            assertThat(proxy.callsOf(ACCOUNT)).containsEntry("CreateSnapshots", 1).containsEntry("DescribeSnapshots", 1);
            assertThat(proxy.callsOf("222222222222")).isEmpty();

            assertThatThrownBy(() -> ec2.describeKeyPairs()).isInstanceOfSatisfying(AwsServiceException.class, e ->
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction"));
            assertThat(emulator.unsupported()).containsEntry("DescribeKeyPairs", 1);
        }
    }

    private static Filter filter(String name, List<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static Ec2Client client(String endpoint, String accessKey) {
        return Ec2Client.builder().endpointOverride(URI.create(endpoint)).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret")))
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
