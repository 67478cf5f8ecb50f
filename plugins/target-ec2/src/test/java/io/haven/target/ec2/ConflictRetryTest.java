package io.haven.target.ec2;

import static io.haven.target.ec2.Ec2TestBed.LINUX_AMI;
import static io.haven.target.ec2.Ec2TestBed.WAITS;
import static io.haven.target.ec2.Ec2TestBed.request;
import static io.haven.target.ec2.Ec2TestBed.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.target.Artifact;
import io.haven.api.target.HavenTags;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * CreateImage refused because another policy snapshots the instance at the same time is tried
 * again (guide 4.2.4): moto never refuses, so the proxy answers the first attempts with the error.
 */
@ExtendWith(MotoExtension.class)
class ConflictRetryTest {

    private static final Map<String, String> AMI = Map.of("backupMode", "ami");

    private static Ec2TestBed bed;
    private static Ec2InstanceTargetType type;

    @BeforeAll
    static void setUp(MotoServer moto) {
        bed = new Ec2TestBed(moto);
        type = bed.targetType(new MovableClock());
    }

    @AfterEach
    void reset() {
        bed.proxy.reset();
        bed.slept.clear();
    }

    @AfterAll
    static void tearDown() {
        bed.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"IncorrectState", "IncorrectInstanceState", "ConcurrentSnapshotLimitExceeded",
            "SnapshotCreationPerVolumeRateExceeded"})
    void aConflictIsTriedAgainAfterAPause(String code) {
        Instance instance = bed.launch(LINUX_AMI, "busy");
        bed.proxy.failNext("CreateImage", code, 1);

        List<Artifact> artifacts = type.startBackup(bed.ctx, target(instance, AMI), request("run-" + code));

        assertThat(bed.proxy.calls("CreateImage")).hasSize(2);
        assertThat(bed.slept).containsExactly(WAITS.get(0));
        assertThat(artifacts).singleElement().satisfies(artifact ->
                assertThat(bed.image(artifact.id())).isPresent());
    }

    @Test
    void theAttemptsAreBounded() {
        Instance instance = bed.launch(LINUX_AMI, "always-busy");
        bed.proxy.failNext("CreateImage", "IncorrectInstanceState", 3);

        assertThatThrownBy(() -> type.startBackup(bed.ctx, target(instance, AMI), request("run-bounded")))
                .isInstanceOfSatisfying(AwsServiceException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IncorrectInstanceState"));
        assertThat(bed.proxy.calls("CreateImage")).hasSize(3);
        assertThat(bed.slept).containsExactlyElementsOf(WAITS);
        assertThat(bed.imagesTagged(HavenTags.BACKUP_ID, "run-bounded")).isEmpty();
    }

    @Test
    void anyOtherErrorFailsAtOnce() {
        Instance instance = bed.launch(LINUX_AMI, "broken");
        bed.proxy.failNext("CreateImage", "InvalidParameterValue", 1);

        assertThatThrownBy(() -> type.startBackup(bed.ctx, target(instance, AMI), request("run-invalid")))
                .isInstanceOfSatisfying(AwsServiceException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        assertThat(bed.proxy.calls("CreateImage")).hasSize(1);
        assertThat(bed.slept).isEmpty();
    }

    @Test
    void anImageCreatedByAnAttemptWhoseAnswerWasLostIsAdopted() {
        Instance instance = bed.launch(LINUX_AMI, "lost-answer");
        // the image is made, but the client hears "name taken", as after an SDK retry of a timed-out call
        bed.proxy.failAfterForwarding("CreateImage", "InvalidAMIName.Duplicate");

        Artifact artifact = type.startBackup(bed.ctx, target(instance, AMI), request("run-lost")).get(0);

        List<Image> images = bed.imagesTagged(HavenTags.BACKUP_ID, "run-lost");
        assertThat(images).singleElement().satisfies(image -> assertThat(image.imageId()).isEqualTo(artifact.id()));
        assertThat(bed.proxy.calls("CreateImage")).hasSize(1);
    }

    @Test
    void aTakenNameOfAnotherRunIsNotAdopted() {
        Instance instance = bed.launch(LINUX_AMI, "taken");
        bed.proxy.failNext("CreateImage", "InvalidAMIName.Duplicate", 1);

        assertThatThrownBy(() -> type.startBackup(bed.ctx, target(instance, AMI), request("run-taken")))
                .isInstanceOfSatisfying(AwsServiceException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAMIName.Duplicate"));
    }
}
