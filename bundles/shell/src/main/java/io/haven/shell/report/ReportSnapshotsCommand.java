package io.haven.shell.report;

import io.haven.api.model.Caller;
import io.haven.api.report.Report;
import io.haven.api.report.ReportFilter;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** The snapshot view report (guide 15.6) written to a file; the filters choose backups, as for report-backups. */
@Service
@Command(scope = "haven", name = "report-snapshots",
        description = "Writes the snapshot view report (CSV, one row per snapshot of the chosen backups) to a file")
public class ReportSnapshotsCommand extends FilteredReportCommand {

    @Override
    Report report(Caller caller, ReportFilter filter) {
        return reports.snapshots(caller, filter);
    }
}
