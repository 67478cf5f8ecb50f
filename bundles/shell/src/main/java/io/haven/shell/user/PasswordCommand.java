package io.haven.shell.user;

import io.haven.api.model.Caller;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import io.haven.shell.HavenCommand;
import io.haven.shell.auth.ShellUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/**
 * Changes the signed-in user's password. The passwords are asked for, masked, never taken as arguments,
 * which would land in the shell history. A session without a terminal ({@code bin/client -u root
 * haven:password} with the three lines on standard input) reads them from its input.
 */
@Service
@Command(scope = "haven", name = "password", description = "Changes your password (asks for the current and the new one)")
public class PasswordCommand extends HavenCommand {

    @Reference
    UserService users;

    @Reference
    Session session;

    private BufferedReader input;

    @Override
    protected Object run() throws Exception {
        Caller caller = ShellUser.signedInCaller(users);
        char[] current = ask("Current password: ");
        char[] next = ask("New password (12 to 128 characters): ");
        char[] again = ask("New password again: ");
        try {
            if (!Arrays.equals(next, again)) {
                throw new ValidationException("newPassword", "The two new passwords differ");
            }
            users.changePassword(caller, current, next);
        } finally {
            Arrays.fill(current, '\0');
            Arrays.fill(next, '\0');
            Arrays.fill(again, '\0');
        }
        System.out.println("Password changed");
        return null;
    }

    private char[] ask(String prompt) throws IOException {
        String line;
        try {
            line = session.readLine(prompt, '*');
        } catch (UnsupportedOperationException headless) {
            // An SSH exec session has no terminal to prompt on; in a command, System.in is the session's input.
            if (input == null) {
                input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            }
            line = input.readLine();
        }
        return line == null ? new char[0] : line.toCharArray();
    }
}
