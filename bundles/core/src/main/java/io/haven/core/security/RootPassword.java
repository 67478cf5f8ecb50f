package io.haven.core.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where root's first password comes from, in this order: the core configuration's {@code rootPassword}; the
 * hand-over file that the start scripts write from {@code HAVEN_ROOT_PASSWORD} (so that the password is not in
 * the Java process's environment for its whole life); a file named by {@code HAVEN_ROOT_PASSWORD_FILE}; the
 * variable itself, when Haven was started without its scripts. The hand-over file is deleted once read, on
 * every start.
 */
public final class RootPassword {

    static final String ENVIRONMENT_VARIABLE = "HAVEN_ROOT_PASSWORD";
    static final String FILE_VARIABLE = "HAVEN_ROOT_PASSWORD_FILE";
    /** Written by bin/setenv, owner-only, under {@code ${karaf.data}/haven}. */
    static final String HAND_OVER_FILE = "root-password.once";

    private RootPassword() {
    }

    /** The hand-over file in Haven's data folder. */
    public static Path handOverFile() {
        return Path.of(System.getProperty("karaf.data", "data"), "haven", HAND_OVER_FILE);
    }

    /**
     * Reads the password given for the first start, if any, and deletes the hand-over file whatever happens.
     *
     * @param configured  the configuration's value (may be blank)
     * @param environment the process environment
     * @param handOver    the hand-over file
     */
    public static Optional<String> given(String configured, Map<String, String> environment, Path handOver) {
        Optional<String> handedOver = readOnce(handOver);
        if (notBlank(configured)) {
            return Optional.of(configured);
        }
        if (handedOver.isPresent()) {
            return handedOver;
        }
        String file = environment.get(FILE_VARIABLE);
        if (notBlank(file)) {
            return Optional.of(read(Path.of(file))).filter(RootPassword::notBlank);
        }
        return Optional.ofNullable(environment.get(ENVIRONMENT_VARIABLE)).filter(RootPassword::notBlank);
    }

    private static Optional<String> readOnce(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(file)).filter(RootPassword::notBlank);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete the root password hand-over file " + file, e);
            }
        }
    }

    private static String read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            // A file written by an editor or `echo` ends with a line break that is not part of the password.
            return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the root password file " + file, e);
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
