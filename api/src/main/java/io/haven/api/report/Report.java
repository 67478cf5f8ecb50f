package io.haven.api.report;

import java.io.IOException;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A report ready to be written: its filters were checked and what the caller may see decided when it was
 * made, so a bad filter fails before the first byte; its rows are read from the database while it is
 * written, so its size does not matter.
 */
@ProviderType
public interface Report {

    /** The media type of what {@link #writeTo} writes. */
    String MEDIA_TYPE = "text/csv; charset=UTF-8";

    /** A file name for the download, such as {@code haven-backups-20261206T021500Z.csv}. */
    String fileName();

    /** Writes the report as CSV (RFC 4180, UTF-8, a header line first); does not close the stream. */
    void writeTo(OutputStream out) throws IOException;
}
