package io.haven.rest.testing;

import io.haven.api.model.Caller;
import io.haven.api.model.Alert;
import io.haven.api.model.AlertCategory;
import io.haven.api.model.AlertSeverity;
import io.haven.api.model.AlertsKey;
import io.haven.api.model.Caller;
import io.haven.api.service.AlertService;
import io.haven.api.service.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Two alerts, acknowledged and deleted in memory; remembers the limit it was asked for and who asked. */
public class FakeAlertService implements AlertService {

    public static final Instant NOW = Instant.parse("2025-03-03T00:00:00Z");
    public static final String KEY = "a1".repeat(48);

    public int lastLimit;
    public final List<Caller> callers = new CopyOnWriteArrayList<>();
    public final List<Alert> alerts = new CopyOnWriteArrayList<>(List.of(
            new Alert(2, 1L, "daily", 100L, "Policy daily did not back up successfully 2 times in a row",
                    Instant.parse("2025-03-02T01:00:00Z"), AlertCategory.BACKUP, AlertSeverity.ERROR,
                    "Policy daily Backup Failure", Instant.parse("2025-03-02T02:00:00Z"), null, null),
            new Alert(1, null, null, null, "Something else", Instant.parse("2025-03-01T01:00:00Z"))));
    public boolean keySet;

    @Override
    public List<Alert> list(Caller caller, int limit) {
        lastLimit = limit;
        return List.copyOf(alerts);
    }

    @Override
    public List<Alert> current(Caller caller, int limit) {
        callers.add(caller);
        return alerts.stream().filter(Alert::current).limit(limit).toList();
    }

    @Override
    public Alert get(Caller caller, long id) {
        callers.add(caller);
        return alerts.stream().filter(a -> a.id() == id).findFirst().orElseThrow(() -> new NotFoundException("Alert", id));
    }

    @Override
    public Alert acknowledge(Caller caller, long id) {
        Alert a = get(caller, id);
        Alert acknowledged = new Alert(a.id(), a.policyId(), a.policyName(), a.backupId(), a.message(), a.raised(),
                a.category(), a.severity(), a.title(), a.lastOccurred(), NOW, a.cleared());
        alerts.replaceAll(x -> x.id() == id ? acknowledged : x);
        return acknowledged;
    }

    @Override
    public void delete(Caller caller, long id) {
        alerts.remove(get(caller, id));
    }

    @Override
    public AlertsKey alertsKey(Caller caller) {
        callers.add(caller);
        return new AlertsKey(keySet, keySet ? NOW : null, null);
    }

    @Override
    public AlertsKey newAlertsKey(Caller caller) {
        callers.add(caller);
        keySet = true;
        return new AlertsKey(true, NOW, KEY);
    }

    @Override
    public void removeAlertsKey(Caller caller) {
        callers.add(caller);
        keySet = false;
    }

    @Override
    public Optional<List<Alert>> pull(String alertsKey, String address) {
        return keySet && KEY.equals(alertsKey) ? Optional.of(new ArrayList<>(alerts)) : Optional.empty();
    }
}
