package io.haven.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Retries, rejected credentials and the proxy, against a recording endpoint (moto cannot fail on purpose). */
class HttpBehaviourTest {

    private static final AwsIdentity KEYS = new AwsIdentity("account-1", new Credentials.StaticKeys("test", "test"));

    @Test
    void rejectedCredentialsGiveAClearMessage() {
        try (RecordingAwsEndpoint aws = new RecordingAwsEndpoint(403, RecordingAwsEndpoint.stsError(
                "InvalidClientTokenId", "The security token included in the request is invalid."));
             DefaultAwsClients clients = new DefaultAwsClients(AwsSettings.withEndpoint(aws.url()))) {

            assertThatThrownBy(() -> clients.verify(KEYS, "us-east-1"))
                    .isInstanceOf(AwsAccessException.class)
                    .hasMessage("The AWS credentials were rejected: The security token included in the request is invalid.");
        }
    }

    @Test
    void serverErrorsAreRetriedAsConfigured() {
        try (RecordingAwsEndpoint aws = new RecordingAwsEndpoint(500, RecordingAwsEndpoint.stsError("InternalFailure", "boom"));
             DefaultAwsClients clients = new DefaultAwsClients(new AwsSettings(aws.url(), null, null, 0, 1))) {

            assertThatThrownBy(() -> clients.verify(KEYS, "us-east-1"))
                    .isInstanceOf(AwsAccessException.class)
                    .hasMessage("AWS refused the request (InternalFailure): boom");
            assertThat(aws.hosts()).hasSize(2);

            clients.reconfigure(new AwsSettings(aws.url(), null, null, 0, 0));
            assertThatThrownBy(() -> clients.verify(KEYS, "us-east-1")).isInstanceOf(AwsAccessException.class);
            assertThat(aws.hosts()).hasSize(3);
        }
    }

    @Test
    void requestsGoThroughTheConfiguredProxy() {
        try (RecordingAwsEndpoint proxy = new RecordingAwsEndpoint(200, RecordingAwsEndpoint.callerIdentity("222222222222"));
             DefaultAwsClients clients = new DefaultAwsClients(
                     new AwsSettings("http://sts.haven.invalid", null, "127.0.0.1", proxy.port(), 0))) {

            assertThat(clients.verify(KEYS, "us-east-1")).isEqualTo("222222222222");
            assertThat(proxy.hosts()).containsExactly("sts.haven.invalid");
        }
    }
}
