package io.haven.shell.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;

/** Asks a completer for candidates as if the user had typed {@code typed} and pressed tab. */
public final class Completions {

    private Completions() {
    }

    public static List<String> of(Completer completer, String typed) {
        Console.withUsers(completer);
        List<String> candidates = new ArrayList<>();
        completer.complete(FakeSession.answering(null), new Line(typed), candidates);
        return candidates.stream().map(String::trim).toList();
    }

    /** The command line with the cursor at the end of the last, partly typed argument. */
    private record Line(String typed) implements CommandLine {
        @Override
        public int getCursorArgumentIndex() {
            return 1;
        }

        @Override
        public String getCursorArgument() {
            return typed;
        }

        @Override
        public int getArgumentPosition() {
            return typed.length();
        }

        @Override
        public String[] getArguments() {
            return new String[] {"haven:command", typed};
        }

        @Override
        public int getBufferPosition() {
            return getBuffer().length();
        }

        @Override
        public String getBuffer() {
            return "haven:command " + typed;
        }
    }
}
