package io.haven.rest.testing;

import io.haven.api.model.Caller;
import io.haven.api.model.TagScanLog;
import io.haven.api.model.TagScanSettings;
import io.haven.api.service.ForbiddenException;
import io.haven.api.service.TagScanService;
import java.util.ArrayList;
import java.util.List;

/** Settings in a field and logs a test puts in; root only, as core's rule; a scan returns the logs set. */
public class FakeTagScanService implements TagScanService {

    private TagScanSettings settings = TagScanSettings.DEFAULT;
    public final List<TagScanLog> logs = new ArrayList<>();
    public int scans;
    /** Every settings update that reached the service, root or not. */
    public final List<TagScanSettings> updates = new ArrayList<>();

    @Override
    public TagScanSettings settings(Caller caller) {
        requireRoot(caller);
        return settings;
    }

    @Override
    public TagScanSettings updateSettings(Caller caller, TagScanSettings settings) {
        updates.add(settings);
        requireRoot(caller);
        this.settings = settings;
        return settings;
    }

    @Override
    public List<TagScanLog> scanNow(Caller caller) {
        requireRoot(caller);
        scans++;
        return List.copyOf(logs);
    }

    @Override
    public List<TagScanLog> lastScans(Caller caller) {
        requireRoot(caller);
        return List.copyOf(logs);
    }

    private static void requireRoot(Caller caller) {
        if (!caller.user().root()) {
            throw new ForbiddenException("Only root controls tag scanning");
        }
    }
}
