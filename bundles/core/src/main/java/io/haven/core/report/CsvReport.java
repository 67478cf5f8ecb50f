package io.haven.core.report;

import io.haven.api.report.Report;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A report written as RFC 4180 CSV by Apache Commons CSV (quoting is a solved problem): the header, then
 * each row as its source hands it on, through an 8 KiB buffer, so that the first rows reach the client
 * while the database is still reading the rest.
 */
final class CsvReport implements Report {

    /** Writes the rows of one report to a printer; a failed write stops the source through an unchecked exception. */
    @FunctionalInterface
    interface Rows {
        void writeTo(Printer printer);
    }

    /** Prints one record, turning the I/O failure into an unchecked one that stops the database cursor. */
    static final class Printer {
        private final CSVPrinter csv;

        private Printer(CSVPrinter csv) {
            this.csv = csv;
        }

        void print(Object... values) {
            try {
                csv.printRecord(values);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final String fileName;
    private final List<String> header;
    private final Rows rows;

    CsvReport(String fileName, List<String> header, Rows rows) {
        this.fileName = fileName;
        this.header = List.copyOf(header);
        this.rows = rows;
    }

    @Override
    public String fileName() {
        return fileName;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get();
        // Not closed: closing would close the caller's stream; flushed instead.
        CSVPrinter printer = new CSVPrinter(writer, format);
        try {
            rows.writeTo(new Printer(printer));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        printer.flush();
    }
}
