package io.haven.shell.audit;

import io.haven.api.model.AuditEntry;
import io.haven.api.model.AuditPage;
import io.haven.api.model.AuditQuery;
import io.haven.api.service.AuditService;
import io.haven.api.service.UserService;
import io.haven.shell.HavenCommand;
import io.haven.shell.ServerZone;
import io.haven.shell.Times;
import io.haven.shell.auth.ShellUser;
import java.time.Clock;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.service.cm.ConfigurationAdmin;

/** The audit log (guide 16.6): root reads everyone's entries, other users those of their world. */
@Service
@Command(scope = "haven", name = "audit", description = "Lists the audit log, newest first: who changed what, from where, and how it ended")
public class AuditCommand extends HavenCommand {

    @Reference
    AuditService log;

    @Reference
    UserService users;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Option(name = "--user", description = "Only this user's entries (its id)")
    Long userId;

    @Option(name = "--from", description = "Only entries from this time, e.g. 2026-12-01 or 2026-12-01T08:00")
    String from;

    @Option(name = "--to", description = "Only entries before this time")
    String to;

    @Option(name = "--before", description = "Only entries older than this id (the next page)")
    Long before;

    @Option(name = "--limit", description = "At most this many (default 50)")
    int limit = 50;

    @Override
    protected Object run() {
        Times times = new Times(ServerZone.of(configAdmin));
        Clock clock = Clock.systemUTC();
        AuditPage page = log.list(ShellUser.caller(users), new AuditQuery(userId,
                from == null ? null : times.parse("from", from, clock),
                to == null ? null : times.parse("to", to, clock), before, limit));
        ShellTable table = new ShellTable().emptyTableText("No audit entries");
        table.column("Id").alignRight();
        table.column("Time");
        table.column("User");
        table.column("From");
        table.column("Via");
        table.column("Operation").maxSize(70).wrap();
        table.column("Outcome").maxSize(40).wrap();
        for (AuditEntry entry : page.items()) {
            String user = entry.delegate() == null ? entry.username() : entry.username() + " (delegate " + entry.delegate() + ")";
            table.addRow().addContent(entry.id(), times.format(entry.time()), user, entry.address(), entry.channel(),
                    entry.operation(), entry.outcome());
        }
        table.print(System.out);
        if (page.next() != null) {
            System.out.println("More: haven:audit --before " + page.next());
        }
        return null;
    }
}
