package io.haven.core.alert;

import io.haven.api.model.Alert;
import io.haven.api.model.User;
import io.haven.core.access.Worlds;
import io.haven.store.AlertScope;
import io.haven.store.HavenStore;
import io.haven.store.OwnerRepository.Owned;

/**
 * Who sees which alerts: the one place that decides it, for the REST and shell lists, the pull API, notifiers and
 * the daily summary (guide 15.2: a user sees its own alerts, root and independent users also those of the managed
 * users they manage, never an independent user's). An alert belongs to its policy's owner; {@link Worlds} says
 * whose objects a user sees.
 */
public final class AlertVisibility {

    private final HavenStore store;
    private final Worlds worlds;

    public AlertVisibility(HavenStore store) {
        this.store = store;
        this.worlds = new Worlds(store);
    }

    /** The alerts the user sees, as a store query. */
    public AlertScope scope(User user) {
        return AlertScope.owners(worlds.visibleOwners(user));
    }

    /**
     * Whether a notifier of the user gets the alert: always for its own alerts; for those of the users it manages
     * only when asked.
     *
     * @param includeManaged whether the user's notifiers also carry its managed users' alerts
     */
    public boolean reaches(User user, Alert alert, boolean includeManaged) {
        return store.owners().ownerOf(Owned.ALERT, alert.id())
                .map(owner -> owner == user.id() || includeManaged && worlds.visibleOwners(user).contains(owner))
                .orElse(false);
    }
}
