package io.haven.shell.report;

import io.haven.api.model.Caller;
import io.haven.api.model.UserProfile;
import io.haven.api.report.ReportFilter;
import io.haven.api.service.AccountService;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.PolicyService;
import io.haven.api.service.UserService;
import io.haven.api.service.ValidationException;
import io.haven.shell.Times;
import java.time.Clock;
import java.util.Optional;

/** Turns the shell's names (or ids) and typed times into a report filter; core checks what the caller may see. */
final class ReportFilterOptions {

    private ReportFilterOptions() {
    }

    static ReportFilter filter(Caller caller, UserService users, AccountService accounts, PolicyService policies,
                               Times times, String user, String account, String policy, String from, String to) {
        return new ReportFilter(
                user == null ? null : userId(caller, users, user),
                account == null ? null : accounts.find(caller, account).id(),
                policy == null ? null : policies.find(caller, policy).id(),
                from == null ? null : times.parse("from", from, Clock.systemUTC()),
                to == null ? null : times.parse("to", to, Clock.systemUTC()));
    }

    /** A user's id from its id or name: the caller itself, or a user it manages. */
    static long userId(Caller caller, UserService users, String idOrName) {
        String text = idOrName.trim();
        if (text.equals(caller.user().username())) {
            return caller.user().id();
        }
        if (text.matches("\\d{1,18}")) {
            return Long.parseLong(text); // core refuses an id the caller does not see
        }
        Optional<UserProfile> found;
        try {
            found = users.users(caller).stream().filter(u -> u.username().equals(text)).findFirst();
        } catch (ForbiddenException managedUser) {
            found = Optional.empty();
        }
        return found.orElseThrow(() -> new ValidationException("user", "User '" + text + "' does not exist")).id();
    }
}
