package io.haven.core.security;

import io.haven.api.model.Caller;
import io.haven.api.model.User;
import io.haven.api.service.AuditService;
import io.haven.core.security.OpenSessions.Entry;
import io.haven.api.service.SessionService;
import io.haven.api.service.UserService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Browser sessions, kept in memory (decision 0018): a restart signs every browser out, which costs a
 * sign-in and keeps no session token anywhere on disk. Tokens are random 256-bit values found by their
 * SHA-256, like API keys; the password check, its throttle and failure log are {@link UserService}'s.
 */
@Component(service = {SessionService.class, SessionServiceImpl.class})
public class SessionServiceImpl implements SessionService {

    private final UserService users;
    private final OpenSessions sessions;
    private final AuditService audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public SessionServiceImpl(@Reference UserService users, @Reference OpenSessions sessions,
                              @Reference AuditService audit) {
        this(users, sessions, audit, Clock.systemUTC());
    }

    public SessionServiceImpl(UserService users, OpenSessions sessions, AuditService audit, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Optional<NewSession> signIn(String username, char[] password, String address) {
        return signIn(username, password, null, address);
    }

    @Override
    public Optional<NewSession> signIn(String username, char[] password, String code, String address) {
        Optional<User> user = users.signIn(username, password, code, address, CHANNEL);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(open(user.get(), address, "sign in to the console"));
    }

    /**
     * Opens a session for a user someone else proved (the identity provider), and records the sign-in as
     * {@code operation}.
     */
    public NewSession open(User user, String address, String operation) {
        Instant now = clock.instant();
        String token = randomToken();
        Entry entry = new Entry(user, randomToken(), now, now);
        sessions.open(sha256(token), entry, now);
        // A sign-in is the one change made before there is a signed-in caller to record it (refusals: AuditServiceImpl)
        audit.record(new Caller(entry.user(), address, CHANNEL), "sign-in", operation, AuditService.SUCCEEDED);
        return new NewSession(token, new Session(entry.user(), entry.csrfToken(), true, entry.expires()));
    }

    /** The user of an open session, without using it; empty when there is none. */
    public Optional<User> userOf(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        Entry entry = sessions.get(sha256(token));
        return entry == null ? Optional.empty() : Optional.of(entry.user());
    }

    @Override
    public Optional<Session> resume(String token, String csrfToken) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String key = sha256(token);
        Entry entry = sessions.get(key);
        Instant now = clock.instant();
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.openAt(now)) {
            sessions.remove(key, entry);
            return Optional.empty();
        }
        // The user may be gone, or renamed, since the sign-in: sessions act as the user as stored now.
        Optional<User> current = users.byUsername(entry.user().username()).filter(u -> u.id() == entry.user().id());
        if (current.isEmpty()) {
            sessions.remove(key, entry);
            return Optional.empty();
        }
        Entry used = new Entry(current.get(), entry.csrfToken(), entry.created(), now);
        sessions.replace(key, entry, used);
        boolean verified = csrfToken != null && MessageDigest.isEqual(
                csrfToken.getBytes(StandardCharsets.UTF_8), entry.csrfToken().getBytes(StandardCharsets.UTF_8));
        return Optional.of(new Session(used.user(), used.csrfToken(), verified, used.expires()));
    }

    @Override
    public void signOut(String token) {
        if (token != null && !token.isBlank()) {
            sessions.remove(sha256(token));
        }
    }

    /** Ends every session of a user, for example when they are deleted. */
    public void signOutEverywhere(long userId) {
        sessions.signOutEverywhere(userId);
    }

    int openSessions() {
        return sessions.size();
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }
}
