package io.haven.core.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Alerts keys (guide 15.2): 384 random bits as 96 hex digits, sent bare in the Authorization header as the guide's
 * example does. Stored as SHA-256: the key has enough entropy that a slow hash adds nothing.
 */
public final class AlertsKeys {

    private final SecureRandom random = new SecureRandom();

    public String newKey() {
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.trim().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
