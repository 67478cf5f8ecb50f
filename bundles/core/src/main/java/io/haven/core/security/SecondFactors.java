package io.haven.core.security;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.haven.api.model.SecondFactorState;
import io.haven.api.model.TotpEnrollment;
import io.haven.api.model.User;
import io.haven.api.service.ConflictException;
import io.haven.api.service.ValidationException;
import io.haven.store.SecondFactorRepository;
import io.haven.store.SecondFactorRepository.StoredSecondFactor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * TOTP second factors (RFC 6238 with the parameters every authenticator app takes: HMAC-SHA1, 6 digits, 30 s;
 * decision 0027). Secrets are 160 random bits, stored encrypted under Haven's key file. A code of the current time
 * step or one step either side is accepted (clocks drift), and each step at most once, so a code seen over a
 * shoulder or in a log cannot be used again.
 */
final class SecondFactors {

    static final int DIGITS = 6;
    private static final int SECRET_BYTES = 20;
    private static final String ISSUER = "Haven";

    private final SecondFactorRepository store;
    private final SecretCipher cipher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator();

    SecondFactors(SecondFactorRepository store, SecretCipher cipher, Clock clock) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
    }

    SecondFactorState state(long userId) {
        return store.of(userId).map(f -> f.confirmed() ? SecondFactorState.ON : SecondFactorState.PENDING)
                .orElse(SecondFactorState.OFF);
    }

    /** The confirmed second factor of the user of that name: one query whether or not the user exists. */
    boolean requiredFor(String username) {
        return store.confirmedOf(username).isPresent();
    }

    TotpEnrollment start(User user) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        String base32 = new Base32().encodeToString(secret).replace("=", "");
        if (!store.startPending(user.id(), cipher.encrypt(base32), clock.millis())) {
            throw new ConflictException("The second factor of '" + user.username() + "' is already on: turn it off first");
        }
        String label = encode(ISSUER + ":" + user.username());
        return new TotpEnrollment(base32, "otpauth://totp/" + label + "?secret=" + base32 + "&issuer=" + encode(ISSUER)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + totp.getTimeStep().toSeconds());
    }

    /** Turns a pending second factor on. @throws ValidationException naming {@code code} */
    void confirm(long userId, String code) {
        StoredSecondFactor factor = store.of(userId)
                .orElseThrow(() -> new ValidationException("code", "No second factor was started: start one first"));
        if (factor.confirmed()) {
            throw new ConflictException("The second factor is already on");
        }
        if (!accepts(factor, code)) {
            throw new ValidationException("code", "The code is not the current code of the authenticator app");
        }
    }

    /** Turns the user's second factor off, proved by a code. @throws ValidationException naming {@code code} */
    void turnOff(long userId, String code) {
        StoredSecondFactor factor = store.of(userId).filter(StoredSecondFactor::confirmed)
                .orElseThrow(() -> new ValidationException("code", "The second factor is not on"));
        if (!accepts(factor, code)) {
            throw new ValidationException("code", "The code is not the current code of the authenticator app");
        }
        store.remove(userId);
    }

    /** Removes the user's second factor without a code (its manager's reset); whether there was one. */
    boolean remove(long userId) {
        return store.remove(userId);
    }

    /** Whether the code is a current, unused code of the user's confirmed second factor; using it spends it. */
    boolean accepts(long userId, String code) {
        Optional<StoredSecondFactor> factor = store.of(userId).filter(StoredSecondFactor::confirmed);
        return factor.isPresent() && accepts(factor.get(), code);
    }

    private boolean accepts(StoredSecondFactor factor, String code) {
        if (code == null || code.length() != DIGITS || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        Key key = key(cipher.decrypt(factor.secret()));
        Instant now = clock.instant();
        long stepSeconds = totp.getTimeStep().toSeconds();
        long current = now.getEpochSecond() / stepSeconds;
        for (long step = current - 1; step <= current + 1; step++) {
            String expected = code(key, Instant.ofEpochSecond(step * stepSeconds));
            if (step > factor.lastStep() && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII))) {
                return store.accept(factor.userId(), step);
            }
        }
        return false;
    }

    private String code(Key key, Instant time) {
        try {
            return totp.generateOneTimePasswordString(key, time, Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("A TOTP secret is not a valid HMAC key", e);
        }
    }

    private static Key key(String base32) {
        return new SecretKeySpec(new Base32().decode(base32), "HmacSHA1");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
