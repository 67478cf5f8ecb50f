package io.haven.rest.testing;

import io.haven.api.model.Caller;
import io.haven.api.report.Report;
import io.haven.api.report.ReportFilter;
import io.haven.api.report.ReportService;
import io.haven.api.service.ForbiddenException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Reports of one line that say what they were asked for; only root gets the usage of all users. */
public class FakeReportService implements ReportService {

    public ReportFilter lastFilter;

    @Override
    public Report backups(Caller caller, ReportFilter filter) {
        lastFilter = filter;
        return report("backups.csv", "Backup ID\r\n");
    }

    @Override
    public Report snapshots(Caller caller, ReportFilter filter) {
        lastFilter = filter;
        return report("snapshots.csv", "Backup ID\r\n");
    }

    @Override
    public Report usage(Caller caller, boolean allUsers) {
        if (allUsers && !caller.user().root()) {
            throw new ForbiddenException("Only root sees the usage of all users");
        }
        return report("usage.csv", "User\r\n");
    }

    @Override
    public Report resources(Caller caller, Long accountId, java.util.List<String> regions) {
        return report("resources.csv", "Account,Region\r\n");
    }

    @Override
    public Report audit(Caller caller, Long userId, java.time.Instant from, java.time.Instant to) {
        return report("audit.csv", "Timestamp,User\r\n");
    }

    /** The last permission summary asked for: account and region. */
    public String lastPermissions;

    @Override
    public Report permissions(Caller caller, long accountId, String region) {
        lastPermissions = accountId + " " + region;
        return report("haven-permissions-account-" + accountId + ".csv", "Account,Feature,Action,Result\r\n");
    }

    private static Report report(String name, String text) {
        return new Report() {
            @Override
            public String fileName() {
                return name;
            }

            @Override
            public void writeTo(OutputStream out) throws java.io.IOException {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        };
    }
}
