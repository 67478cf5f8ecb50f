package io.haven.shell.user;

import io.haven.api.service.ValidationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.karaf.shell.api.console.Session;

/** Asks for a new password twice, masked; a session without a terminal reads the lines from its input. */
final class PasswordPrompt {

    private final Session session;
    private BufferedReader input;

    PasswordPrompt(Session session) {
        this.session = session;
    }

    /** The new password, asked twice. @throws ValidationException naming {@code field} when the two differ */
    char[] newPassword(String field) throws IOException {
        char[] next = ask("New password (12 to 128 characters): ");
        char[] again = ask("New password again: ");
        try {
            if (!Arrays.equals(next, again)) {
                Arrays.fill(next, '\0');
                throw new ValidationException(field, "The two new passwords differ");
            }
            return next;
        } finally {
            Arrays.fill(again, '\0');
        }
    }

    /** A secret asked once, masked (a client secret copied from elsewhere). */
    char[] secret(String prompt) throws IOException {
        return ask(prompt);
    }

    private char[] ask(String prompt) throws IOException {
        String line;
        try {
            line = session.readLine(prompt, '*');
        } catch (UnsupportedOperationException headless) {
            if (input == null) {
                input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            }
            line = input.readLine();
        }
        return line == null ? new char[0] : line.toCharArray();
    }
}
