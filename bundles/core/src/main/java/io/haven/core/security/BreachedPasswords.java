package io.haven.core.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Passwords known from breaches: the 30,000 most common ones of zxcvbn4j's list (com.nulab-inc:zxcvbn,
 * {@code passwords.txt}, from the Xato corpus of leaked passwords), copied into this bundle at build time
 * at the same path. Compared without regard to case, as zxcvbn does.
 */
public final class BreachedPasswords {

    static final String RESOURCE = "com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";

    private final Set<String> passwords;

    private BreachedPasswords(Set<String> passwords) {
        this.passwords = passwords;
    }

    public static BreachedPasswords load() {
        try (InputStream in = BreachedPasswords.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The breached-password list " + RESOURCE + " is missing from the bundle");
            }
            Set<String> passwords = new HashSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    passwords.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
            return new BreachedPasswords(passwords);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean contains(char[] password) {
        return passwords.contains(new String(password).toLowerCase(Locale.ROOT));
    }

    public int size() {
        return passwords.size();
    }
}
