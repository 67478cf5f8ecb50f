package io.haven.notify.sns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.haven.api.model.Delivery.Kind;
import io.haven.api.notify.Notification;
import io.haven.api.service.ValidationException;
import io.haven.aws.AwsSettings;
import io.haven.aws.DefaultAwsClients;
import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The SNS notifier against moto: topics created and subscribed, messages read back through an SQS subscription. */
@ExtendWith(MotoExtension.class)
class SnsNotifierTest {

    private static final String REGION = "eu-west-1";
    private static DefaultAwsClients clients;
    private static SnsNotifier notifier;
    private static String endpoint;

    @BeforeAll
    static void setUp(MotoServer moto) {
        endpoint = moto.endpoint();
        clients = new DefaultAwsClients(AwsSettings.withEndpoint(moto.endpoint()));
        notifier = new SnsNotifier(clients);
    }

    @AfterAll
    static void tearDown() {
        clients.close();
    }

    @Test
    void aTopicIsCreatedWithTheUsersEmailSubscribedAndItsArnKept() {
        Map<String, String> ready = notifier.prepare(Map.of("region", REGION, "accessKeyId", "AKIATEST",
                "secretAccessKey", "secret", "createTopic", "haven-alerts", "subscribeEmail", "ops@example.com"));

        assertThat(ready.get("topicArn")).startsWith("arn:aws:sns:" + REGION + ":").endsWith(":haven-alerts");
        List<Subscription> subscriptions = sns().listSubscriptionsByTopic(r -> r.topicArn(ready.get("topicArn"))).subscriptions();
        assertThat(subscriptions).singleElement().satisfies(s -> {
            assertThat(s.protocol()).isEqualTo("email");
            assertThat(s.endpoint()).isEqualTo("ops@example.com");
        });
    }

    @Test
    void aNotificationIsPublishedWithItsSubjectAndText() throws Exception {
        String topic = sns().createTopic(r -> r.name("haven-published")).topicArn();
        try (SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(endpoint)).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            String queue = sqs.createQueue(r -> r.queueName("haven-read-back")).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNamesWithStrings("QueueArn"))
                    .attributesAsStrings().get("QueueArn");
            sns().subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(queueArn));

            Map<String, String> settings = notifier.prepare(Map.of("region", REGION, "topicArn", topic,
                    "accessKeyId", "AKIATEST", "secretAccessKey", "secret"));
            notifier.send(new Notification(Kind.ALERT_RAISED, "root", "Policy web Backup Failure\nsecond line "
                    + "x".repeat(200), "Policy web (account: main) - backup 12 failed", List.of(),
                    Instant.parse("2026-03-01T10:00:00Z")), settings);

            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(5))
                    .messages();
            assertThat(messages).hasSize(1);
            JsonNode envelope = new ObjectMapper().readTree(messages.get(0).body());
            assertThat(envelope.get("Message").asText()).isEqualTo("Policy web (account: main) - backup 12 failed");
            assertThat(envelope.get("Subject").asText()).startsWith("Policy web Backup Failure second line").hasSize(100)
                    .doesNotContain("\n");
            assertThat(envelope.get("TopicArn").asText()).isEqualTo(topic);
        }
    }

    @Test
    void badSettingsNameTheSetting() {
        assertThatThrownBy(() -> notifier.prepare(Map.of("region", REGION))).isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("settings.topicArn");
        assertThatThrownBy(() -> notifier.prepare(Map.of("region", REGION, "topicArn", "haven")))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("settings.topicArn");
        assertThatThrownBy(() -> notifier.prepare(Map.of("region", REGION, "createTopic", "bad name!")))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("settings.createTopic");
        assertThatThrownBy(() -> notifier.prepare(Map.of("region", REGION, "accessKeyId", "AKIA", "topicArn", "arn:x")))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("settings.secretAccessKey");
        assertThat(notifier.prepare(Map.of("region", REGION, "accessKeyId", "use_iam_role", "topicArn", "arn:aws:sns:x")))
                .containsEntry("accessKeyId", "use_iam_role");
    }

    private static SnsClient sns() {
        return SnsClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }
}
