package io.haven.core.security;

import io.haven.api.auth.SignInFailure.Reason;
import io.haven.api.model.ApiKey;
import io.haven.api.model.NewApiKey;
import io.haven.api.model.User;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.core.internal.Validation;
import io.haven.store.HavenStore;
import io.haven.store.UserRepository.KeyOwner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API keys: random 256-bit tokens shown once and stored as SHA-256 (they carry enough entropy that a slow
 * hash adds nothing), optionally expiring, revoked by deletion, gone with their user.
 */
final class ApiKeys {

    /** Reports a refused key, as the sign-in failures are reported. */
    @FunctionalInterface
    interface Failures {
        void failed(String username, String address, Reason reason);
    }

    /** Last use of a key is written at most this often, so that using a key rarely writes. */
    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    static final String PREFIX = "hvn_";

    private final HavenStore store;
    private final Clock clock;
    private final Failures failures;
    private final SecureRandom random = new SecureRandom();

    ApiKeys(HavenStore store, Clock clock, Failures failures) {
        this.store = store;
        this.clock = clock;
        this.failures = failures;
    }

    Optional<User> authenticate(String apiKey, String address) {
        if (apiKey == null || apiKey.isBlank()) {
            return Optional.empty();
        }
        Optional<KeyOwner> owner = store.users().keyOwner(sha256(apiKey.trim()));
        if (owner.isEmpty()) {
            failures.failed("(API key)", address, Reason.REJECTED);
            return Optional.empty();
        }
        KeyOwner key = owner.get();
        Instant now = clock.instant();
        if (key.expiresAt() != null && !now.isBefore(Instant.ofEpochMilli(key.expiresAt()))) {
            failures.failed(key.user().username(), address, Reason.EXPIRED);
            return Optional.empty();
        }
        if (key.lastUsedAt() == null || now.toEpochMilli() - key.lastUsedAt() >= LAST_USED_PRECISION.toMillis()) {
            store.users().markApiKeyUsed(key.keyId(), now);
        }
        return Optional.of(key.user());
    }

    NewApiKey create(long userId, String name, Instant expires) {
        String clean = Validation.name("name", name);
        Instant now = clock.instant();
        if (expires != null && !expires.isAfter(now)) {
            throw new ValidationException("expires", "The expiry must be in the future");
        }
        if (store.users().byId(userId).isEmpty()) {
            throw new ValidationException("userId", "User " + userId + " does not exist");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiKey info = store.users().insertApiKey(userId, clean, sha256(key), now, expires);
        return new NewApiKey(info, key);
    }

    List<ApiKey> list(long userId) {
        return store.users().apiKeys(userId);
    }

    void revoke(long userId, long keyId) {
        if (!store.users().deleteApiKey(userId, keyId)) {
            throw new NotFoundException("API key", keyId);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
