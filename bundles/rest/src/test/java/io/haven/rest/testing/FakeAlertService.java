package io.haven.rest.testing;

import io.haven.api.model.Caller;
import io.haven.api.model.Alert;
import io.haven.api.service.AlertService;
import java.time.Instant;
import java.util.List;

/** Two alerts; remembers the limit it was asked for. */
public class FakeAlertService implements AlertService {

    public int lastLimit;

    @Override
    public List<Alert> list(Caller caller, int limit) {
        lastLimit = limit;
        return List.of(new Alert(2, 1L, "daily", 100L, "Policy daily did not back up successfully 2 times in a row",
                Instant.parse("2025-03-02T01:00:00Z")),
                new Alert(1, null, null, null, "Something else", Instant.parse("2025-03-01T01:00:00Z")));
    }
}
