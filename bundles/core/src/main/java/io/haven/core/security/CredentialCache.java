package io.haven.core.security;

import io.haven.api.model.User;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for a short time, user name and password pairs that were just verified, so that HTTP Basic
 * does not cost a slow hash on every request. An entry is found by an HMAC of the pair under a key drawn
 * at random when the process starts: neither the password nor an offline-checkable hash of it is kept.
 */
public final class CredentialCache {

    /** More entries than this and the cache is emptied: an attacker filling it costs only re-verification. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(User user, Instant expires) {
    }

    private final Duration lifetime;
    private final Clock clock;
    private final SecretKeySpec key;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public CredentialCache(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The user these credentials proved within the lifetime, if any. */
    public Optional<User> find(String username, char[] password) {
        if (lifetime.isZero() || lifetime.isNegative()) {
            return Optional.empty();
        }
        String id = id(username, password);
        Entry entry = entries.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(id, entry);
            return Optional.empty();
        }
        return Optional.of(entry.user());
    }

    public void remember(String username, char[] password, User user) {
        if (lifetime.isZero() || lifetime.isNegative()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(id(username, password), new Entry(user, clock.instant().plus(lifetime)));
    }

    /** Forgets everything, as after a password change. */
    public void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private String id(String username, char[] password) {
        byte[] name = username.getBytes(StandardCharsets.UTF_8);
        ByteBuffer secret = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // The length first, so that no two (name, password) pairs give the same input.
            mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
            mac.update(name);
            mac.update(secret.duplicate());
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        } finally {
            if (secret.hasArray()) {
                Arrays.fill(secret.array(), (byte) 0);
            }
        }
    }
}
