package io.haven.core.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Ciphers for tests, each under a new key file in a temporary folder. */
final class TestCiphers {

    private TestCiphers() {
    }

    static SecretCipher temporary() {
        try {
            return new SecretCipher(Files.createTempDirectory("haven-keys").resolve("secrets.key"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
