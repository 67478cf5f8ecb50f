package io.haven.shell.report;

import io.haven.api.model.Caller;
import io.haven.api.report.Report;
import io.haven.api.service.ValidationException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a report goes from the shell. The shell runs inside the server, so a file name is resolved in the user's
 * own reports folder, {@code KARAF_DATA/reports/USER/}; only root, who administers the server anyway, may name
 * any path. A report is written to a temporary file beside its target and moved over it once complete, so a
 * failed report leaves no half-written file.
 */
final class ReportFile {

    private final Path reportsFolder;

    ReportFile(Path reportsFolder) {
        this.reportsFolder = reportsFolder;
    }

    /** {@code KARAF_DATA/reports}. */
    static ReportFile inDataFolder() {
        return new ReportFile(Path.of(System.getProperty("karaf.data", "data")).resolve("reports"));
    }

    Path resolve(Caller caller, String out) {
        if (out == null || out.isBlank()) {
            throw new ValidationException("out", "Name the file to write, e.g. --out backups.csv");
        }
        Path given = Path.of(out.trim());
        if (given.isAbsolute()) {
            if (!caller.user().root()) {
                throw new ValidationException("out", "Give a file name; it is written to your reports folder ("
                        + userFolder(caller) + "). Only root writes elsewhere");
            }
            return given.normalize();
        }
        Path folder = userFolder(caller);
        Path target = folder.resolve(given).normalize();
        if (!target.startsWith(folder) || target.equals(folder)) {
            throw new ValidationException("out", "The file must be inside your reports folder (" + folder + ")");
        }
        return target;
    }

    Path write(Path target, Report report) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), ".report-", ".csv.part");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                report.writeTo(out);
            }
            return Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private Path userFolder(Caller caller) {
        return reportsFolder.toAbsolutePath().normalize().resolve(caller.user().username());
    }
}
