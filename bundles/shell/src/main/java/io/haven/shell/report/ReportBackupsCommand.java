package io.haven.shell.report;

import io.haven.api.model.Caller;
import io.haven.api.report.Report;
import io.haven.api.report.ReportFilter;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** The backup view report (guide 15.6) written to a file. */
@Service
@Command(scope = "haven", name = "report-backups",
        description = "Writes the backup view report (CSV, one row per backup) to a file")
public class ReportBackupsCommand extends FilteredReportCommand {

    @Override
    Report report(Caller caller, ReportFilter filter) {
        return reports.backups(caller, filter);
    }
}
