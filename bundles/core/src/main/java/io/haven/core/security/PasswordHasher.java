package io.haven.core.security;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes: Argon2id (BouncyCastle) in the PHC string format for new hashes, and bcrypt hashes of
 * earlier versions still verified, to be replaced at the next sign-in (decision 0010). Counts every slow
 * hash it computes, so that tests can pin the work without timing it.
 */
public final class PasswordHasher {

    /** OWASP's first Argon2id setting: 19 MiB, 2 passes, 1 lane. */
    public static final PasswordHasher STANDARD = new PasswordHasher(19 * 1024, 2, 1);

    private static final String PREFIX = "$argon2id$v=19$";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong slowHashes = new AtomicLong();

    public PasswordHasher(int memoryKiB, int iterations, int parallelism) {
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** A new Argon2id hash with a random salt. */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, memoryKiB, iterations, parallelism, HASH_BYTES);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return PREFIX + parameters() + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    /** Whether the password matches the stored hash (Argon2id or bcrypt); false for anything unreadable. */
    public boolean verify(String stored, char[] password) {
        if (stored == null) {
            return false;
        }
        if (stored.startsWith("$2")) {
            slowHashes.incrementAndGet();
            try {
                return OpenBSDBCrypt.checkPassword(stored, password);
            } catch (RuntimeException e) {
                // Malformed (BouncyCastle throws DataLengthException and IllegalArgumentException).
                return false;
            }
        }
        Phc phc = Phc.parse(stored);
        if (phc == null) {
            return false;
        }
        byte[] actual = argon2(password, phc.salt, phc.memoryKiB, phc.iterations, phc.parallelism, phc.hash.length);
        return MessageDigest.isEqual(actual, phc.hash);
    }

    /** Whether a stored hash should be replaced by one of this hasher's (bcrypt, or other parameters). */
    public boolean needsRehash(String stored) {
        return stored == null || !stored.startsWith(PREFIX + parameters() + "$");
    }

    /** How many slow hashes this hasher has computed. */
    public long slowHashes() {
        return slowHashes.get();
    }

    /** The parameters of a stored Argon2id hash, as in its PHC string ({@code m=..,t=..,p=..}); null otherwise. */
    static String parametersOf(String stored) {
        Phc phc = Phc.parse(stored);
        return phc == null ? null : "m=" + phc.memoryKiB + ",t=" + phc.iterations + ",p=" + phc.parallelism;
    }

    private String parameters() {
        return "m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism;
    }

    private byte[] argon2(char[] password, byte[] salt, int memory, int passes, int lanes, int length) {
        slowHashes.incrementAndGet();
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory).withIterations(passes).withParallelism(lanes).withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    /** {@code $argon2id$v=19$m=M,t=T,p=P$salt$hash}, base64 without padding. */
    private record Phc(int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash) {

        /** Limits that keep a tampered hash from costing unbounded memory or time. */
        private static final int MAX_MEMORY_KIB = 1024 * 1024;
        private static final int MAX_ITERATIONS = 20;
        private static final int MAX_PARALLELISM = 16;

        static Phc parse(String stored) {
            if (stored == null || !stored.startsWith(PREFIX)) {
                return null;
            }
            String[] parts = stored.split("\\$");
            if (parts.length != 6) {
                return null;
            }
            try {
                int m = 0;
                int t = 0;
                int p = 0;
                for (String setting : parts[3].split(",")) {
                    String[] pair = setting.split("=", 2);
                    int value = Integer.parseInt(pair[1]);
                    switch (pair[0]) {
                        case "m" -> m = value;
                        case "t" -> t = value;
                        case "p" -> p = value;
                        default -> {
                            return null;
                        }
                    }
                }
                if (m < 8 || m > MAX_MEMORY_KIB || t < 1 || t > MAX_ITERATIONS || p < 1 || p > MAX_PARALLELISM) {
                    return null;
                }
                Base64.Decoder base64 = Base64.getDecoder();
                byte[] hash = base64.decode(parts[5]);
                return hash.length < 16 ? null : new Phc(m, t, p, base64.decode(parts[4]), hash);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
