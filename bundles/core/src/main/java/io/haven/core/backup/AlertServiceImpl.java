package io.haven.core.backup;

import io.haven.api.model.Alert;
import io.haven.api.model.Caller;
import io.haven.core.access.Worlds;
import io.haven.store.OwnerRepository.Owned;
import io.haven.api.service.AlertService;
import io.haven.core.internal.Validation;
import io.haven.store.HavenStore;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Alerts as the engine raised them. */
@Component(service = AlertService.class)
public class AlertServiceImpl implements AlertService {

    private final HavenStore store;

    @Activate
    public AlertServiceImpl(@Reference HavenStore store) {
        this.store = store;
    }

    @Override
    public List<Alert> list(Caller caller, int limit) {
        return store.alerts().list(Validation.range("limit", limit, 1, 1000), new Worlds(store).visibleOwners(caller));
    }
}
