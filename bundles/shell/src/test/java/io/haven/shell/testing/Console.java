package io.haven.shell.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.karaf.shell.api.action.Action;

/** Runs a command the way the Karaf console does, with System.out and System.err captured. */
public final class Console {

    private Console() {
    }

    /** What a command printed and returned. */
    public record Run(String out, String err, Object result) {
    }

    public static Run execute(Action command) throws Exception {
        withUsers(command);
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Object result;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            result = command.execute();
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), result);
    }

    /**
     * Gives a command without a {@code users} reference a {@link FakeUsers}, as Karaf injects the real one: commands
     * ask it who the caller is (root here, as in a session opened inside the process).
     */
    public static void withUsers(Object command) {
        // The field may be declared by the command's base class (AccountSwitchCommand, for one).
        for (Class<?> type = command.getClass(); type != Object.class; type = type.getSuperclass()) {
            try {
                java.lang.reflect.Field field = type.getDeclaredField("users");
                field.setAccessible(true);
                if (field.get(command) == null) {
                    field.set(command, new FakeUsers());
                }
                return;
            } catch (NoSuchFieldException e) {
                // not declared here: its base class may
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        // a command that needs no user
    }
}
