package io.haven.notify.sns;

import io.haven.api.model.NotifierSetting;
import io.haven.api.notify.Notification;
import io.haven.api.notify.Notifier;
import io.haven.api.service.ValidationException;
import io.haven.aws.AwsClients;
import io.haven.aws.AwsIdentity;
import io.haven.aws.Credentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Publishes notifications to an SNS topic (guide 15.3): the user's own credentials (not a backed-up account's) or,
 * with {@code use_iam_role} as the access key, Haven's instance role; a topic ARN, or a topic Haven creates with the
 * user's e-mail subscribed (the recipient confirms the subscription before mail arrives).
 */
@Component(service = Notifier.class, property = Notifier.TYPE_PROPERTY + "=" + SnsNotifier.TYPE)
public class SnsNotifier implements Notifier {

    static final String TYPE = "sns";
    static final String REGION = "region";
    static final String ACCESS_KEY_ID = "accessKeyId";
    static final String SECRET_ACCESS_KEY = "secretAccessKey";
    static final String TOPIC_ARN = "topicArn";
    static final String CREATE_TOPIC = "createTopic";
    static final String SUBSCRIBE_EMAIL = "subscribeEmail";
    static final String ENDPOINT = "endpoint";
    /** The guide's word for "use the instance role", typed as the access key. */
    static final String USE_IAM_ROLE = "use_iam_role";
    /** SNS refuses longer subjects, and subjects with line breaks. */
    static final int MAX_SUBJECT = 100;

    private final AwsClients aws;

    @Activate
    public SnsNotifier(@Reference AwsClients aws) {
        this.aws = aws;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Publishes to an Amazon SNS topic (e-mail, SMS, HTTP, SQS subscribers)";
    }

    @Override
    public List<NotifierSetting> settings() {
        return List.of(
                NotifierSetting.required(REGION, "The topic's region"),
                NotifierSetting.optional(ACCESS_KEY_ID, "An access key id for SNS, or use_iam_role for Haven's instance role "
                        + "(the default)"),
                NotifierSetting.secret(SECRET_ACCESS_KEY, "The access key's secret", false),
                NotifierSetting.optional(TOPIC_ARN, "The topic to publish to"),
                NotifierSetting.optional(CREATE_TOPIC, "Instead of a topic ARN: the name of a topic for Haven to create"),
                NotifierSetting.optional(SUBSCRIBE_EMAIL, "With createTopic: an e-mail address to subscribe to it"),
                NotifierSetting.optional(ENDPOINT, "An SNS endpoint other than AWS's (LocalStack, a VPC endpoint)"));
    }

    @Override
    public Map<String, String> prepare(Map<String, String> settings) {
        Map<String, String> ready = new HashMap<>(settings);
        String key = settings.get(ACCESS_KEY_ID);
        if (key != null && !USE_IAM_ROLE.equals(key) && settings.get(SECRET_ACCESS_KEY) == null) {
            throw new ValidationException("settings." + SECRET_ACCESS_KEY, "An access key id needs its secret");
        }
        if (settings.get(TOPIC_ARN) == null) {
            String name = settings.get(CREATE_TOPIC);
            if (name == null) {
                throw new ValidationException("settings." + TOPIC_ARN, "Give a topic ARN, or createTopic for Haven to create one");
            }
            if (!name.matches("[A-Za-z0-9_-]{1,256}")) {
                throw new ValidationException("settings." + CREATE_TOPIC, "A topic name has 1 to 256 letters, digits, - and _");
            }
            try {
                SnsClient sns = client(settings);
                String arn = sns.createTopic(r -> r.name(name)).topicArn();
                String email = settings.get(SUBSCRIBE_EMAIL);
                if (email != null) {
                    sns.subscribe(r -> r.topicArn(arn).protocol("email").endpoint(email));
                }
                ready.put(TOPIC_ARN, arn);
            } catch (SdkException e) {
                throw new ValidationException("settings." + CREATE_TOPIC, "SNS refused to create the topic: " + e.getMessage());
            }
        } else if (!settings.get(TOPIC_ARN).startsWith("arn:")) {
            throw new ValidationException("settings." + TOPIC_ARN, "A topic ARN starts with arn:");
        }
        return Map.copyOf(ready);
    }

    @Override
    public void send(Notification notification, Map<String, String> settings) {
        String subject = notification.subject().replaceAll("[\\r\\n]+", " ").strip();
        if (subject.length() > MAX_SUBJECT) {
            subject = subject.substring(0, MAX_SUBJECT - 1) + "…";
        }
        String finalSubject = subject;
        client(settings).publish(r -> r.topicArn(settings.get(TOPIC_ARN)).subject(finalSubject).message(notification.text()));
    }

    private SnsClient client(Map<String, String> settings) {
        String key = settings.get(ACCESS_KEY_ID);
        Credentials credentials = key == null || USE_IAM_ROLE.equals(key) ? new Credentials.DefaultChain()
                : new Credentials.StaticKeys(key, settings.get(SECRET_ACCESS_KEY));
        // The cache key changes with the credentials, so that changed settings never reuse an old client.
        String cacheKey = "notify-sns:" + sha256(key + "\n" + settings.get(SECRET_ACCESS_KEY) + "\n" + settings.get(ENDPOINT));
        return aws.context(new AwsIdentity(cacheKey, credentials, settings.get(ENDPOINT)), settings.get(REGION))
                .client(SnsClient.class);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
