package io.haven.core.notify;

import io.haven.api.model.Alert;
import io.haven.core.security.SecretCipher;
import io.haven.store.NotifierRepository.StoredNotifier;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The words of notifications, in one place. */
final class Texts {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Texts() {
    }

    static String alertSubject(Alert alert, boolean raised) {
        return (raised ? "" : "Resolved: ") + alert.title();
    }

    static String alertBody(Alert alert, boolean raised) {
        StringBuilder text = new StringBuilder();
        text.append(raised ? "Alert" : "Resolved alert").append(" (").append(alert.category().label()).append(", ")
                .append(alert.severity().name().toLowerCase(java.util.Locale.ROOT)).append(")\n");
        text.append(alert.message()).append('\n');
        text.append("Raised ").append(TIME.format(alert.raised()));
        if (!alert.lastOccurred().equals(alert.raised())) {
            text.append(", last ").append(TIME.format(alert.lastOccurred()));
        }
        if (alert.cleared() != null) {
            text.append(", resolved ").append(TIME.format(alert.cleared()));
        }
        return text.append('\n').toString();
    }

    /** An error message with any of the notifier's secret values blanked out, for the record and the log. */
    static String withoutSecrets(String message, StoredNotifier notifier, SecretCipher cipher) {
        String clean = message;
        for (var setting : notifier.settings().values()) {
            if (setting.secret()) {
                String secret = cipher.decrypt(setting.value());
                if (!secret.isEmpty()) {
                    clean = clean.replace(secret, "********");
                }
            }
        }
        return clean;
    }
}
