package io.haven.core.security;

import io.haven.api.auth.SignInFailure.Reason;
import io.haven.api.model.ApiKey;
import io.haven.api.model.ApiKeyDraft;
import io.haven.api.model.ApiKeySignIn;
import io.haven.api.model.Caller;
import io.haven.api.model.NewApiKey;
import io.haven.api.model.User;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.core.access.Worlds;
import io.haven.core.access.Worlds.Change;
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
 *
 * <p>A key carries the rights of whoever made it, never more: it belongs to the signed-in user (a delegate's key is
 * the delegate's, and acts with the delegate's permissions); a key made with a key has at most that key's rights (a
 * read-only key makes read-only keys) and expires no later than it, and is revoked with it.
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
        return signIn(apiKey, address).map(ApiKeySignIn::user);
    }

    Optional<ApiKeySignIn> signIn(String apiKey, String address) {
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
        return Optional.of(new ApiKeySignIn(key.user(), key.key()));
    }

    /**
     * A key of the signed-in caller (the delegate, when a delegate acts), bounded by the key the caller uses, if
     * any: no more rights, no later expiry. A read-only caller may make read-only keys only: that changes nothing
     * it could not already do.
     */
    NewApiKey create(Caller caller, ApiKeyDraft draft) {
        if (draft == null) {
            throw new ValidationException("body", "A name for the key is required");
        }
        String clean = Validation.name("name", draft.name());
        Instant now = clock.instant();
        ApiKey using = caller.key();
        Instant expires = draft.expires();
        if (expires != null && !expires.isAfter(now)) {
            throw new ValidationException("expires", "The expiry must be in the future");
        }
        if (using != null && using.expires() != null) {
            if (expires == null) {
                expires = using.expires(); // a key made with an expiring key expires with it at the latest
            } else if (expires.isAfter(using.expires())) {
                throw new ValidationException("expires", "A key made with the API key '" + using.name()
                        + "' expires no later than it does (" + using.expires() + ")");
            }
        }
        boolean readOnly = draft.readOnly() == null ? caller.readOnly() : draft.readOnly();
        if (caller.readOnly() && !readOnly) {
            throw new ForbiddenException("The API key '" + using.name() + "' is read-only: the keys it makes are "
                    + "read-only too (readOnly)");
        }
        if (!readOnly) {
            Worlds.requireAllowed(caller, Change.CREDENTIALS);
        }
        User owner = caller.signedIn();
        return insert(owner.id(), clean, now, expires, readOnly, using == null ? null : using.id());
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
        return insert(userId, clean, now, expires, false, null);
    }

    private NewApiKey insert(long userId, String name, Instant now, Instant expires, boolean readOnly, Long createdWith) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiKey info = store.users().insertApiKey(userId, name, sha256(key), now, expires, readOnly, createdWith);
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
