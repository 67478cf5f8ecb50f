package io.haven.core.security;

import io.haven.api.model.User;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * The table of open browser sessions, by the SHA-256 of their token (decision 0018: in memory only). A component of
 * its own, with no references, because it is told of password changes by {@link UserServiceImpl} while
 * {@link SessionServiceImpl} needs the user service: one component doing both made a reference cycle that DS
 * could not always resolve, and then the REST API never started.
 */
@Component(service = {OpenSessions.class, CredentialsListener.class})
public class OpenSessions implements CredentialsListener {

    /** A session ends this long after sign-in, however busy (OWASP ASVS 3.3.2 asks for at most 12 h). */
    public static final Duration ABSOLUTE_LIMIT = Duration.ofHours(12);
    /** A session ends after this long without a request. */
    public static final Duration IDLE_LIMIT = Duration.ofMinutes(30);
    /** More open sessions than this and the expired ones are swept before a new one is opened. */
    static final int SWEEP_ABOVE = 1_000;

    record Entry(User user, String csrfToken, Instant created, Instant lastUsed) {
        Instant expires() {
            return created.plus(ABSOLUTE_LIMIT);
        }

        boolean openAt(Instant now) {
            return now.isBefore(expires()) && now.isBefore(lastUsed.plus(IDLE_LIMIT));
        }
    }

    private final ConcurrentHashMap<String, Entry> sessions = new ConcurrentHashMap<>();

    void open(String key, Entry entry, Instant now) {
        if (sessions.size() > SWEEP_ABOVE) {
            sessions.values().removeIf(open -> !open.openAt(now));
        }
        sessions.put(key, entry);
    }

    Entry get(String key) {
        return sessions.get(key);
    }

    void replace(String key, Entry old, Entry updated) {
        sessions.replace(key, old, updated);
    }

    void remove(String key, Entry entry) {
        sessions.remove(key, entry);
    }

    void remove(String key) {
        sessions.remove(key);
    }

    /** Ends every session of a user, for example when they are deleted. */
    public void signOutEverywhere(long userId) {
        sessions.values().removeIf(entry -> entry.user().id() == userId);
    }

    /** A changed or reset password ends the user's sessions, so that whoever knew the old one is out. */
    @Override
    public void credentialsChanged(long userId) {
        signOutEverywhere(userId);
    }

    int size() {
        return sessions.size();
    }
}
