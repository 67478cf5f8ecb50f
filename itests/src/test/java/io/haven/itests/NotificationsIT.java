package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;


import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Alerts and notifications through the real distribution (guide 15.1-15.4): a failing policy raises an alert that
 * the pull API shows in the guide's form to the user's alerts key, that a webhook receives and that is published to
 * an SNS topic Haven created (read back through moto's delivery to an HTTP subscriber) and that is mailed through an
 * SMTP server (GreenMail in the test's JVM); the policy's next success clears it, which all hear too.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class NotificationsIT extends HavenTestSupport {

    private static final String REGION = "us-east-1";


    @Test
    public void aFailingPolicysAlertIsPulledAndPushedThenClearedByItsNextSuccess() throws Exception {
        HavenClient api = rest();
        Ec2Client ec2 = Emulator.ec2(REGION);
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.setUser("haven@example.com", "haven", "mail-s3cret");
        smtp.getManagers().getUserManager().setAuthRequired(true);
        smtp.start();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            HavenClient.Response notifier = api.post("/notifiers", Map.of("name", "ops", "type", "webhook",
                    "settings", Map.of("url", receiver.url("/hook/s3cr3t"), "format", "json")));
            assertEquals(notifier.body(), 201, notifier.status());
            long notifierId = notifier.json().get("id").asLong();
            assertFalse("the URL is a secret", notifier.body().contains("s3cr3t"));
            String key = api.post("/alerts-key", "").json().get("key").asText();
            // SNS on moto: Haven creates the topic; moto delivers what is published to an HTTP subscriber, the receiver.
            HavenClient.Response sns = api.post("/notifiers", Map.of("name", "sns", "type", "sns", "settings", Map.of(
                    "region", REGION, "accessKeyId", "test", "secretAccessKey", "sns-s3cret", "endpoint", Emulator.endpoint(),
                    "createTopic", "haven-alerts-it")));
            assertEquals(sns.body(), 201, sns.status());
            assertFalse(sns.body().contains("sns-s3cret"));
            String topicArn = sns.json().get("settings").get("topicArn").asText();
            try (SnsClient snsClient = Emulator.client(SnsClient.builder(), REGION)) {
                snsClient.subscribe(r -> r.topicArn(topicArn).protocol("http").endpoint(receiver.url("/sns")));
            }

            HavenClient.Response email = api.post("/notifiers", Map.of("name", "mail", "type", "email", "settings", Map.of(
                    "host", "127.0.0.1", "port", String.valueOf(smtp.getSmtp().getPort()), "security", "none",
                    "username", "haven", "password", "mail-s3cret", "from", "haven@example.com", "to", "ops@example.com")));
            assertEquals(email.body(), 201, email.status());
            assertFalse(email.body().contains("mail-s3cret"));

            String doomed = ec2.createVolume(r -> r.availabilityZone(REGION + "a").size(1)).volumeId();
            Map<String, Object> policy = new LinkedHashMap<>(Map.of("name", "notified", "accountId", addEmulatorAccount(api),
                    "generations", 3, "retries", 0, "failuresToAlert", 1));
            long policyId = api.post("/policies", policy).json().get("id").asLong();
            long doomedTarget = api.post("/policies/" + policyId + "/targets", Map.of("type", "ebs-volume", "region", REGION,
                    "resourceId", doomed)).json().get("id").asLong();
            ec2.deleteVolume(r -> r.volumeId(doomed));

            assertEquals("FAILED", runToEnd(api, policyId).get("status").asText());

            HavenClient agent = HavenClient.raw(key);
            JsonNode pulled = agent.getOutsideApi("/agentapi/get_cpm_alerts/").json();
            JsonNode alert = findByPolicy(pulled, "notified");
            assertEquals(pulled.toString(), "Backup", alert.get("category").asText());
            assertEquals("Policy notified Backup Failure", alert.get("title").asText());
            assertEquals("E", alert.get("severity").asText());
            assertTrue(alert.get("alert_time").asText(), alert.get("alert_time").asText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
            assertTrue(alert.get("message_body").asText().startsWith("Policy notified (account: "));
            assertEquals(401, HavenClient.raw("not-the-key").getOutsideApi("/agentapi/get_cpm_alerts/").status());
            assertEquals(401, HavenClient.asRoot(ROOT_PASSWORD).getOutsideApi("/agentapi/get_cpm_alerts/").status());

            eventually("the webhook hears the alert", Duration.ofSeconds(60), () -> receiver.bodies.stream()
                    .anyMatch(b -> b.contains("\"alert_raised\"") && b.contains("Policy notified Backup Failure")));
            eventually("SNS delivers the alert published to its topic", Duration.ofSeconds(60), () -> receiver.bodies.stream()
                    .anyMatch(b -> b.contains("\"Notification\"") && b.contains(topicArn)
                            && b.contains("Policy notified Backup Failure")));

            eventually("the alert is mailed", Duration.ofSeconds(60), () -> Arrays.stream(smtp.getReceivedMessages())
                    .anyMatch(m -> subject(m).startsWith("Policy notified Backup Failure")));

            assertEquals(204, api.delete("/policies/" + policyId + "/targets/" + doomedTarget).status());
            String kept = ec2.createVolume(r -> r.availabilityZone(REGION + "a").size(1)).volumeId();
            assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "ebs-volume", "region", REGION,
                    "resourceId", kept)).status());
            assertEquals("SUCCESSFUL", runToEnd(api, policyId).get("status").asText());

            assertTrue(findByPolicyOrNull(agent.getOutsideApi("/agentapi/get_cpm_alerts/").json(), "notified") == null);
            eventually("the webhook hears the clearing", Duration.ofSeconds(60), () -> receiver.bodies.stream()
                    .anyMatch(b -> b.contains("\"alert_cleared\"") && b.contains("Resolved: Policy notified Backup Failure")));
            eventually("both deliveries are recorded as delivered", Duration.ofSeconds(30), () -> {
                JsonNode deliveries = api.get("/notifiers/" + notifierId + "/deliveries").json();
                return deliveries.size() == 2 && deliveries.findValuesAsText("state").stream().allMatch("DELIVERED"::equals);
            });
            eventually("SNS delivers the clearing", Duration.ofSeconds(60), () -> receiver.bodies.stream()
                    .anyMatch(b -> b.contains("\"Notification\"") && b.contains("Resolved: Policy notified Backup Failure")));
            eventually("the clearing is mailed", Duration.ofSeconds(60), () -> Arrays.stream(smtp.getReceivedMessages())
                    .anyMatch(m -> subject(m).startsWith("Resolved: Policy notified Backup Failure")));
            assertTrue(shell("haven:alert-list"), shell("haven:alert-list").contains("cleared"));
        } finally {
            smtp.stop();
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode findByPolicy(JsonNode alerts, String policy) {
        JsonNode found = findByPolicyOrNull(alerts, policy);
        if (found == null) {
            throw new AssertionError("No alert of policy " + policy + " in " + alerts);
        }
        return found;
    }

    private static JsonNode findByPolicyOrNull(JsonNode alerts, String policy) {
        for (JsonNode alert : alerts) {
            if (policy.equals(alert.get("policy").get("name").asText())) {
                return alert;
            }
        }
        return null;
    }
}
