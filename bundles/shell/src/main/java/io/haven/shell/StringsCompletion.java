package io.haven.shell;

import java.util.Collection;
import java.util.List;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Base of Haven's completers: offers the strings a subclass lists, read afresh at each completion. */
public abstract class StringsCompletion implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        Collection<String> strings;
        try {
            strings = strings();
        } catch (RuntimeException e) {
            // Completion must never break typing: when the service cannot answer, offer nothing.
            return -1;
        }
        return new StringsCompleter(strings).complete(session, commandLine, candidates);
    }

    /** What to offer, for example the ids and names of the accounts. */
    protected abstract Collection<String> strings();
}
