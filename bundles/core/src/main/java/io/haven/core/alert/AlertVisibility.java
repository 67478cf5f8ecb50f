package io.haven.core.alert;

import io.haven.api.model.Alert;
import io.haven.api.model.User;
import io.haven.store.AlertScope;

/**
 * Who sees which alerts: the one place that decides it, for the REST and shell lists, the pull API, notifiers and
 * the daily summary (guide 15.2: a user sees its own alerts, root also those of the users it manages, never an
 * independent user's). Policies have no owner yet, so every alert is root's: root sees them all, other users none.
 * When policies get owners, this class alone changes.
 */
public final class AlertVisibility {

    private AlertVisibility() {
    }

    /** The alerts the user sees, as a store query. */
    public static AlertScope scope(User user) {
        return user.root() ? AlertScope.all() : AlertScope.none();
    }

    /**
     * Whether a notifier of the user gets the alert.
     *
     * @param includeManaged for root: whether its notifiers also carry its managed users' alerts
     */
    public static boolean reaches(User user, Alert alert, boolean includeManaged) {
        return user.root();
    }
}
