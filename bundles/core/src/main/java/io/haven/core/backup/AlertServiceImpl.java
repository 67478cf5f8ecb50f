package io.haven.core.backup;

import io.haven.core.access.Worlds;
import io.haven.core.access.Worlds.Change;
import io.haven.api.model.Alert;
import io.haven.api.model.AlertsKey;
import io.haven.api.model.Caller;
import io.haven.api.model.User;
import io.haven.api.service.AlertService;
import io.haven.api.service.NotFoundException;
import io.haven.core.alert.AlertVisibility;
import io.haven.core.alert.AlertsKeys;
import io.haven.core.internal.Validation;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Alerts as the engine raised them, seen through {@link AlertVisibility}, and the users' alerts keys. */
@Component(service = AlertService.class)
public class AlertServiceImpl implements AlertService {

    private static final Logger LOG = LoggerFactory.getLogger(AlertServiceImpl.class);
    /** At most this many alerts are pulled at once; more current alerts than that is a larger problem. */
    static final int PULL_LIMIT = 1000;

    private final HavenStore store;
    private final AlertVisibility visibility;
    private final Clock clock;
    private final AlertsKeys keys = new AlertsKeys();

    @Activate
    public AlertServiceImpl(@Reference HavenStore store) {
        this(store, Clock.systemUTC());
    }

    public AlertServiceImpl(HavenStore store, Clock clock) {
        this.store = store;
        this.visibility = new AlertVisibility(store);
        this.clock = clock;
    }

    @Override
    public List<Alert> list(Caller caller, int limit) {
        return store.alerts().list(visibility.scope(caller.user()), false, Validation.range("limit", limit, 1, 1000));
    }

    @Override
    public List<Alert> current(Caller caller, int limit) {
        return store.alerts().list(visibility.scope(caller.user()), true, Validation.range("limit", limit, 1, 1000));
    }

    @Override
    public Alert get(Caller caller, long id) {
        return store.alerts().get(visibility.scope(caller.user()), id)
                .orElseThrow(() -> new NotFoundException("Alert", id));
    }

    @Override
    public Alert acknowledge(Caller caller, long id) {
        get(caller, id);
        store.alerts().acknowledge(id, clock.instant());
        LOG.info("Alert {} acknowledged by {} ({})", id, caller.user().username(), caller.channel());
        return get(caller, id);
    }

    @Override
    public void delete(Caller caller, long id) {
        get(caller, id);
        store.alerts().delete(id);
        LOG.info("Alert {} deleted by {} ({})", id, caller.user().username(), caller.channel());
    }

    @Override
    public AlertsKey alertsKey(Caller caller) {
        return store.alerts().keyCreated(caller.user().id()).map(created -> new AlertsKey(true, created, null))
                .orElse(new AlertsKey(false, null, null));
    }

    @Override
    public AlertsKey newAlertsKey(Caller caller) {
        Worlds.requireAllowed(caller, Change.NOTIFICATIONS);
        String key = keys.newKey();
        var now = clock.instant();
        store.alerts().setKey(caller.user().id(), AlertsKeys.hash(key), now);
        LOG.info("New alerts key for {} ({})", caller.user().username(), caller.channel());
        return new AlertsKey(true, now, key);
    }

    @Override
    public void removeAlertsKey(Caller caller) {
        Worlds.requireAllowed(caller, Change.NOTIFICATIONS);
        store.alerts().removeKey(caller.user().id());
        LOG.info("Alerts key of {} removed ({})", caller.user().username(), caller.channel());
    }

    @Override
    public Optional<List<Alert>> pull(String alertsKey, String address) {
        Optional<User> user = alertsKey == null || alertsKey.isBlank() ? Optional.empty()
                : store.alerts().keyOwner(AlertsKeys.hash(alertsKey))
                .flatMap(id -> store.users().byId(id)).map(stored -> stored.user());
        if (user.isEmpty()) {
            LOG.warn("Alerts pulled with a key that is not accepted, from {}", address);
            return Optional.empty();
        }
        return Optional.of(store.alerts().list(visibility.scope(user.get()), true, PULL_LIMIT).stream()
                .filter(alert -> alert.acknowledged() == null).toList());
    }
}
