package io.haven.selfbackup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The operator's passphrase, read from its file: the content without a final line break. */
final class Passphrase {

    static final int MIN_LENGTH = 12;

    private Passphrase() {
    }

    /** The passphrase in a file; a message for the operator when it is missing or too short (never its content). */
    static char[] read(Path file, boolean checkLength) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("The passphrase file " + file + " does not exist: create it (readable by the "
                    + "service user alone) with a passphrase of at least " + MIN_LENGTH + " characters, and keep a copy "
                    + "outside this server");
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        text = strip(text);
        if (text.isEmpty() || (checkLength && text.length() < MIN_LENGTH)) {
            throw new IOException("The passphrase in " + file + " is too short: at least " + MIN_LENGTH
                    + " characters");
        }
        return text.toCharArray();
    }

    static String strip(String text) {
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        if (text.endsWith("\n")) {
            return text.substring(0, text.length() - 1);
        }
        return text;
    }
}
