package io.haven.api.notify;

import io.haven.api.model.NotifierSetting;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way to tell people about alerts and the daily summary (guide 15.3-15.5): webhooks, SNS, e-mail, or a plugin's
 * own. One DS service per type, registered with {@link #TYPE_PROPERTY}. Core queues every notification, calls
 * {@link #send} on its own threads, retries failures with back-off and records each delivery: a notifier only
 * sends once, and throws when it could not.
 */
@ConsumerType
public interface Notifier {

    /** The service property naming the type, e.g. {@code haven.notifier.type=webhook}. */
    String TYPE_PROPERTY = "haven.notifier.type";

    /** The stable type name ({@code webhook}, {@code sns}, {@code email}). */
    String type();

    /** One line for people. */
    String description();

    /** The settings a user gives. */
    List<NotifierSetting> settings();

    /**
     * Checks a user's settings when a notifier is added or changed, and may complete them (for instance by
     * creating an SNS topic and returning its ARN). Throws {@link io.haven.api.service.ValidationException} naming
     * the setting that is wrong; nothing is stored then.
     *
     * @return the settings to store
     */
    default Map<String, String> prepare(Map<String, String> settings) {
        return settings;
    }

    /**
     * Sends one notification. Called on core's delivery threads, never on a backup's; may take a while, but should
     * give up after its own timeout.
     *
     * @throws Exception whatever made it fail: its message is recorded (with no secret in it) and the delivery retried
     */
    void send(Notification notification, Map<String, String> settings) throws Exception;
}
