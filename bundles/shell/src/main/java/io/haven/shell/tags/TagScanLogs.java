package io.haven.shell.tags;

import io.haven.api.model.TagScanEntry;
import io.haven.api.model.TagScanLog;
import io.haven.shell.Times;
import java.io.PrintStream;
import java.util.List;
import org.apache.karaf.shell.support.table.ShellTable;

/** Prints tag scan logs: one heading per account, then a line per resource added, removed, created or refused. */
final class TagScanLogs {

    private TagScanLogs() {
    }

    static void print(List<TagScanLog> logs, Times times, PrintStream out) {
        if (logs.isEmpty()) {
            out.println("No account was scanned; turn Scan Resources on with haven:account-scan-resources");
            return;
        }
        for (TagScanLog log : logs) {
            out.println("Account " + log.accountName() + " (" + log.accountId() + "): scanned " + times.format(log.started())
                    + " to " + times.format(log.ended()) + ", " + log.tagged() + " tagged resources, "
                    + log.entries().size() + " changes or problems");
            if (log.entries().isEmpty()) {
                continue;
            }
            ShellTable table = new ShellTable();
            table.column("What");
            table.column("Type");
            table.column("Region");
            table.column("Resource");
            table.column("Policy");
            table.column("Tag value").maxSize(40).wrap();
            table.column("Message").maxSize(70).wrap();
            for (TagScanEntry e : log.entries()) {
                table.addRow().addContent(e.kind(), text(e.type()), text(e.region()), text(e.resourceId()),
                        text(e.policy()), text(e.tagValue()), e.message());
            }
            table.print(out);
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
