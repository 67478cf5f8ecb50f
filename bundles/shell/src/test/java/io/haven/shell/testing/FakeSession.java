package io.haven.shell.testing;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.console.Session;

/** A console session that answers every prompt with one line and remembers the prompts and masks. */
public final class FakeSession {

    /** One readLine call: what was asked and which mask character hid the typing (null: echoed). */
    public record Prompt(String text, Character mask) {
    }

    private final java.util.Deque<String> answers = new java.util.ArrayDeque<>();
    private final List<Prompt> prompts = new ArrayList<>();

    private FakeSession(String... answers) {
        for (String answer : answers) {
            // ArrayDeque takes no null: an empty text stands for "no answer" (readLine's null).
            this.answers.add(answer == null ? NO_ANSWER : answer);
        }
    }

    private static final String NO_ANSWER = new String("(none)");

    /** A session that answers the prompts with these lines in turn, the last one again after that. */
    public static FakeSession withAnswers(String... answers) {
        return new FakeSession(answers);
    }

    public static Session answering(String answer) {
        return new FakeSession(answer).session();
    }

    public static FakeSession withAnswer(String answer) {
        return new FakeSession(answer);
    }

    public List<Prompt> prompts() {
        return prompts;
    }

    public Session session() {
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("readLine")) {
                        prompts.add(new Prompt((String) args[0], (Character) args[1]));
                        String next = answers.size() > 1 ? answers.pollFirst() : answers.peekFirst();
                        return next == NO_ANSWER ? null : next;
                    }
                    if (method.getName().equals("toString")) {
                        return "FakeSession";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
