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

    private final String answer;
    private final List<Prompt> prompts = new ArrayList<>();

    private FakeSession(String answer) {
        this.answer = answer;
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
                        return answer;
                    }
                    if (method.getName().equals("toString")) {
                        return "FakeSession";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
