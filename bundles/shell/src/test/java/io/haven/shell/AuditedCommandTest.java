package io.haven.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.api.model.AuditPage;
import io.haven.api.model.AuditQuery;
import io.haven.api.model.Caller;
import io.haven.api.service.AuditService;
import io.haven.api.service.ValidationException;
import io.haven.shell.testing.Console;
import io.haven.shell.testing.FakeUsers;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.junit.jupiter.api.Test;

/** What a command leaves in the audit log. */
class AuditedCommandTest {

    private final List<String> recorded = new ArrayList<>();

    private final AuditService audit = new AuditService() {
        @Override
        public void record(Caller caller, String event, String operation, String outcome) {
            recorded.add(caller.user().username() + "|" + caller.channel() + "|" + event + "|" + operation + "|" + outcome);
        }

        @Override
        public AuditPage list(Caller caller, AuditQuery query) {
            throw new UnsupportedOperationException();
        }
    };

    @Command(scope = "haven", name = "thing-add")
    static class ThingAdd extends HavenCommand {
        @Option(name = "--secret-key", censor = true)
        String secretKey;
        @Option(name = "--password")
        String password;
        @Option(name = "--size")
        int size = 5;
        @Option(name = "--force")
        boolean force;
        @Option(name = "--tag", multiValued = true)
        List<String> tags;
        @Argument(index = 1, name = "second")
        String second;
        @Argument(index = 0, name = "first")
        String first;
        RuntimeException failure;

        @Override
        protected Object run() {
            if (failure != null) {
                throw failure;
            }
            return null;
        }
    }

    @Command(scope = "haven", name = "policy-list")
    static class Reading extends HavenCommand {
        @Override
        protected Object run() {
            return null;
        }
    }

    private <T extends HavenCommand> T wired(T command) {
        command.audit = audit;
        command.auditedUsers = new FakeUsers();
        return command;
    }

    @Test
    void aChangeIsRecordedAsTypedWithSecretsHidden() throws Exception {
        ThingAdd add = wired(new ThingAdd());
        add.secretKey = "AKIA-SECRET";
        add.password = "hunter2-hunter2";
        add.tags = List.of("a", "b");
        add.first = "web servers";
        add.second = "x";
        Console.execute(add);

        assertThat(recorded).containsExactly("root|shell|haven:thing-add|haven:thing-add --secret-key *** --password *** "
                + "--size 5 --tag a,b \"web servers\" x|succeeded");
    }

    @Test
    void aRefusedChangeIsRecordedWithWhy() throws Exception {
        ThingAdd add = wired(new ThingAdd());
        add.force = true;
        add.failure = new ValidationException("size", "Must be at least 1");
        Console.execute(add);

        assertThat(recorded).containsExactly("root|shell|haven:thing-add|haven:thing-add --size 5 --force|"
                + "failed: size: Must be at least 1");
    }

    @Test
    void readsAreNotRecorded() throws Exception {
        Console.execute(wired(new Reading()));
        assertThat(recorded).isEmpty();
    }
}
