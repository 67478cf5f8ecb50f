package io.haven.notify.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.haven.api.model.Delivery.Kind;
import io.haven.api.notify.Notification;
import io.haven.api.service.ValidationException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The e-mail notifier against GreenMail's in-process SMTP server. */
class EmailNotifierTest {

    private final EmailNotifier email = new EmailNotifier(Duration.ofSeconds(5));
    private GreenMail smtp;

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.setUser("haven@example.com", "haven", "mail-s3cret");
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    @Test
    void aNotificationIsMailedToEveryRecipientWithItsSubjectAndText() throws Exception {
        email.send(alert(), email.prepare(Map.of("host", "127.0.0.1", "port", port(), "security", "none",
                "username", "haven", "password", "mail-s3cret", "from", "haven@example.com",
                "to", "ops@example.com, dba@example.com")));

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        MimeMessage message = received[0];
        assertThat(message.getSubject()).isEqualTo("Policy web Backup Failure – account main");
        assertThat(GreenMailUtil.getBody(message).strip()).isEqualTo("Policy web (account: main) - backup 12 failed");
        assertThat(message.getFrom()[0].toString()).isEqualTo("haven@example.com");
        assertThat(message.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("ops@example.com", "dba@example.com");
        assertThat(message.getHeader("X-Haven-Notification")).containsExactly("ALERT_RAISED");
    }

    @Test
    void aRefusedPasswordIsAnErrorThatDoesNotCarryIt() {
        smtp.getManagers().getUserManager().setAuthRequired(true);
        Map<String, String> settings = email.prepare(Map.of("host", "127.0.0.1", "port", port(), "security", "none",
                "username", "haven", "password", "wrong-s3cret", "from", "haven@example.com", "to", "ops@example.com"));

        assertThatThrownBy(() -> email.send(alert(), settings)).isInstanceOf(MessagingException.class)
                .hasMessageNotContaining("wrong-s3cret");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsIsRequiredByDefaultSoAServerWithoutItIsRefused() {
        Map<String, String> settings = email.prepare(Map.of("host", "127.0.0.1", "port", port(),
                "from", "haven@example.com", "to", "ops@example.com"));
        assertThat(settings).containsEntry("security", "starttls");

        assertThatThrownBy(() -> email.send(alert(), settings)).isInstanceOf(MessagingException.class);
        assertThat(smtp.getReceivedMessages()).as("nothing in clear").isEmpty();
    }

    @Test
    void badSettingsNameTheSetting() {
        assertThatThrownBy(() -> email.prepare(Map.of("host", "h", "from", "not an address", "to", "a@b.c")))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("settings.from");
        assertThatThrownBy(() -> email.prepare(Map.of("host", "h", "from", "a@b.c", "to", "a@b.c, ,x")))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("settings.to");
        assertThatThrownBy(() -> email.prepare(Map.of("host", "h", "from", "a@b.c", "to", "a@b.c", "port", "70000")))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("settings.port");
        assertThatThrownBy(() -> email.prepare(Map.of("host", "h", "from", "a@b.c", "to", "a@b.c", "security", "ssl3")))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("settings.security");
        assertThatThrownBy(() -> email.prepare(Map.of("host", "h", "from", "a@b.c", "to", "a@b.c", "username", "u")))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("settings.password");
        assertThat(email.prepare(Map.of("host", "h", "from", "a@b.c", "to", "a@b.c", "security", "TLS")))
                .containsEntry("port", "465").containsEntry("security", "tls");
    }

    private String port() {
        return String.valueOf(smtp.getSmtp().getPort());
    }

    private static Notification alert() {
        return new Notification(Kind.ALERT_RAISED, "root", "Policy web Backup Failure – account main",
                "Policy web (account: main) - backup 12 failed", List.of(), Instant.parse("2026-03-01T10:00:00Z"));
    }
}
