package io.haven.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.permission.Decision;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class ProbesTest {

    @Test
    void aCallThatSucceedsOrWouldHaveSucceededIsAllowed() {
        assertThat(Probes.decide(() -> { })).isEqualTo(Decision.ALLOWED);
        assertThat(Probes.decide(failing(412, "DryRunOperation"))).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void eachServicesRefusalIsDenied() {
        assertThat(Probes.decide(failing(403, "UnauthorizedOperation"))).isEqualTo(Decision.DENIED);
        assertThat(Probes.decide(failing(403, "AccessDenied"))).isEqualTo(Decision.DENIED);
        assertThat(Probes.decide(failing(400, "AccessDeniedException"))).isEqualTo(Decision.DENIED);
    }

    @Test
    void aForbiddenAnswerWithoutAReadableCodeIsDenied() {
        assertThat(Probes.decide(failing(403, null))).isEqualTo(Decision.DENIED);
        assertThat(Probes.decide(failing(500, null))).isEqualTo(Decision.UNKNOWN);
    }

    @Test
    void notFindingTheMadeUpResourceMeansTheCallWasAuthorized() {
        assertThat(Probes.decide(failing(400, "InvalidVolume.NotFound"))).isEqualTo(Decision.ALLOWED);
        assertThat(Probes.decide(failing(404, "DBSnapshotNotFound"))).isEqualTo(Decision.ALLOWED);
        assertThat(Probes.decide(failing(400, "ResourceNotFoundException"))).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void answersThatSayNothingOfThePermissionAreUnknown() {
        assertThat(Probes.decide(failing(401, "AuthFailure"))).isEqualTo(Decision.UNKNOWN);
        assertThat(Probes.decide(failing(403, "InvalidClientTokenId"))).isEqualTo(Decision.UNKNOWN);
        assertThat(Probes.decide(failing(400, "Throttling"))).isEqualTo(Decision.UNKNOWN);
        assertThat(Probes.decide(failing(500, "InternalError"))).isEqualTo(Decision.UNKNOWN);
        assertThat(Probes.decide(failing(403, "SomethingElse"))).isEqualTo(Decision.UNKNOWN);
        assertThat(Probes.decide(() -> {
            throw SdkClientException.create("connection refused");
        })).isEqualTo(Decision.UNKNOWN);
    }

    private static Runnable failing(int status, String code) {
        return () -> {
            throw AwsServiceException.builder().statusCode(status)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("from the test").build())
                    .build();
        };
    }
}
