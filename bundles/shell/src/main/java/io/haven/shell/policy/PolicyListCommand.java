package io.haven.shell.policy;

import io.haven.shell.auth.ShellUser;
import io.haven.api.service.UserService;
import io.haven.api.model.Account;
import io.haven.api.model.Policy;
import io.haven.api.model.PolicySpec;
import io.haven.api.model.Schedule;
import io.haven.api.service.AccountService;
import io.haven.api.service.PolicyService;
import io.haven.api.service.ScheduleService;
import io.haven.shell.HavenCommand;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "haven", name = "policy-list", description = "Lists the backup policies")
public class PolicyListCommand extends HavenCommand {

    @Reference
    PolicyService policies;

    @Reference
    UserService users;

    @Reference
    AccountService accounts;

    @Reference
    ScheduleService schedules;

    @Override
    protected Object run() {
        Map<Long, String> accountNames = accounts.list(ShellUser.caller(users)).stream()
                .collect(Collectors.toMap(Account::id, Account::name, (a, b) -> a));
        Map<Long, String> scheduleNames = schedules.list(ShellUser.caller(users)).stream()
                .collect(Collectors.toMap(Schedule::id, s -> s.spec().name(), (a, b) -> a));
        ShellTable table = new ShellTable().emptyTableText("No policies yet; add one with haven:policy-add");
        table.column("ID").alignRight();
        table.column("Name");
        table.column("Account");
        table.column("Schedules");
        table.column("Generations").alignRight();
        table.column("Retries").alignRight();
        table.column("Retry wait").alignRight();
        table.column("Enabled");
        table.column("DR");
        table.column("Description").maxSize(40);
        for (Policy p : policies.list(ShellUser.caller(users))) {
            PolicySpec spec = p.spec();
            String scheduleList = spec.scheduleIds().stream().map(id -> scheduleNames.getOrDefault(id, String.valueOf(id)))
                    .collect(Collectors.joining(", "));
            table.addRow().addContent(p.id(), spec.name(),
                    accountNames.getOrDefault(spec.accountId(), String.valueOf(spec.accountId())), scheduleList,
                    spec.generations(), spec.retries(), spec.retryWaitMinutes() + " min", spec.enabled() ? "yes" : "no",
                    PolicyOptionsText.dr(spec.dr()), spec.description() == null ? "" : spec.description());
        }
        table.print(System.out);
        return null;
    }
}
