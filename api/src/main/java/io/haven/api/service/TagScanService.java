package io.haven.api.service;

import io.haven.api.model.Caller;
import io.haven.api.model.TagScanLog;
import io.haven.api.model.TagScanSettings;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Tag-driven protection (guide 13): scans of the {@code cpm backup} tag on the resources of every account with
 * "Scan Resources" on, in all regions. Only root controls scanning; every other caller gets
 * {@link ForbiddenException} (since 2.1).
 */
@ProviderType
public interface TagScanService {

    TagScanSettings settings(Caller caller);

    /** @throws ValidationException naming {@code intervalHours} when it is out of range */
    TagScanSettings updateSettings(Caller caller, TagScanSettings settings);

    /** Scans now, even when scanning is off, and returns the log of each account scanned. */
    List<TagScanLog> scanNow(Caller caller);

    /** The log of the last scan of each account that was ever scanned. */
    List<TagScanLog> lastScans(Caller caller);
}
