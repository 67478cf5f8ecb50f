package io.haven.notify.email;

import io.haven.api.model.NotifierSetting;
import io.haven.api.notify.Notification;
import io.haven.api.notify.Notifier;
import io.haven.api.service.ValidationException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.osgi.service.component.annotations.Component;

/** Sends notifications as plain-text e-mail over SMTP, with STARTTLS (the default), TLS or neither. */
@Component(service = Notifier.class, property = Notifier.TYPE_PROPERTY + "=" + EmailNotifier.TYPE)
public class EmailNotifier implements Notifier {

    static final String TYPE = "email";
    static final String HOST = "host";
    static final String PORT = "port";
    static final String SECURITY = "security";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String FROM = "from";
    static final String TO = "to";
    private static final List<String> SECURITIES = List.of("starttls", "tls", "none");

    private final Duration timeout;

    public EmailNotifier() {
        this(Duration.ofSeconds(20));
    }

    EmailNotifier(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Sends e-mail through an SMTP server";
    }

    @Override
    public List<NotifierSetting> settings() {
        return List.of(
                NotifierSetting.required(HOST, "The SMTP server"),
                NotifierSetting.optional(PORT, "Its port (default 587; 465 for tls)"),
                NotifierSetting.optional(SECURITY, "starttls (default, required), tls, or none"),
                NotifierSetting.optional(USERNAME, "The user to sign in as, if the server asks"),
                NotifierSetting.secret(PASSWORD, "That user's password", false),
                NotifierSetting.required(FROM, "The sender's address"),
                NotifierSetting.required(TO, "Recipients, separated by commas"));
    }

    @Override
    public Map<String, String> prepare(Map<String, String> settings) {
        Map<String, String> ready = new HashMap<>(settings);
        String security = settings.getOrDefault(SECURITY, "starttls").toLowerCase(Locale.ROOT);
        if (!SECURITIES.contains(security)) {
            throw new ValidationException("settings." + SECURITY, "One of " + SECURITIES);
        }
        ready.put(SECURITY, security);
        String port = settings.getOrDefault(PORT, "tls".equals(security) ? "465" : "587");
        try {
            int number = Integer.parseInt(port.trim());
            if (number < 1 || number > 65535) {
                throw new NumberFormatException();
            }
            ready.put(PORT, String.valueOf(number));
        } catch (NumberFormatException e) {
            throw new ValidationException("settings." + PORT, "A port from 1 to 65535");
        }
        if (settings.get(USERNAME) != null && settings.get(PASSWORD) == null) {
            throw new ValidationException("settings." + PASSWORD, "A user name needs its password");
        }
        address(FROM, settings.get(FROM), false);
        address(TO, settings.get(TO), true);
        return Map.copyOf(ready);
    }

    @Override
    public void send(Notification notification, Map<String, String> settings) throws MessagingException {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        // Jakarta Mail looks up its providers through the context class loader: this bundle's, where they are embedded.
        thread.setContextClassLoader(EmailNotifier.class.getClassLoader());
        try {
            Session session = Session.getInstance(properties(settings));
            MimeMessage message = new MimeMessage(session);
            message.setFrom(address(FROM, settings.get(FROM), false)[0]);
            message.setRecipients(Message.RecipientType.TO, address(TO, settings.get(TO), true));
            message.setSubject(notification.subject().replaceAll("[\\r\\n]+", " "), "UTF-8");
            message.setText(notification.text(), "UTF-8");
            message.setSentDate(Date.from(notification.time()));
            message.setHeader("X-Haven-Notification", notification.kind().name());
            if (settings.get(USERNAME) != null) {
                Transport.send(message, settings.get(USERNAME), settings.get(PASSWORD));
            } else {
                Transport.send(message);
            }
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private Properties properties(Map<String, String> settings) {
        String security = settings.getOrDefault(SECURITY, "starttls");
        String protocol = "tls".equals(security) ? "smtps" : "smtp";
        Properties props = new Properties();
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", settings.get(HOST));
        props.put("mail." + protocol + ".port", settings.getOrDefault(PORT, "587"));
        props.put("mail." + protocol + ".auth", String.valueOf(settings.get(USERNAME) != null));
        String millis = String.valueOf(timeout.toMillis());
        props.put("mail." + protocol + ".connectiontimeout", millis);
        props.put("mail." + protocol + ".timeout", millis);
        props.put("mail." + protocol + ".writetimeout", millis);
        if ("starttls".equals(security)) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if (!"none".equals(security)) {
            props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        return props;
    }

    private static InternetAddress[] address(String setting, String value, boolean many) {
        try {
            InternetAddress[] addresses = InternetAddress.parse(value == null ? "" : value, true);
            if (addresses.length == 0 || (!many && addresses.length > 1)) {
                throw new AddressException("none");
            }
            for (InternetAddress address : addresses) {
                address.validate();
            }
            return addresses;
        } catch (AddressException e) {
            throw new ValidationException("settings." + setting, many ? "E-mail addresses separated by commas"
                    : "One e-mail address");
        }
    }
}
