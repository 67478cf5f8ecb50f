package io.haven.api.service;

import io.haven.api.model.Alert;
import io.haven.api.model.AlertsKey;
import io.haven.api.model.Caller;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Alerts raised by Haven (guide 15.1-15.2). What a caller sees is decided in core: a user its own alerts, root
 * also those of the users it manages.
 */
@ProviderType
public interface AlertService {

    /** The alerts the caller sees, current and cleared, newest first. */
    List<Alert> list(Caller caller, int limit);

    /** The alerts the caller sees that are still current (not cleared), newest first. */
    List<Alert> current(Caller caller, int limit);

    /** One alert the caller sees. */
    Alert get(Caller caller, long id);

    /** Marks an alert as seen; it stays until cleared or deleted. Acknowledging twice keeps the first time. */
    Alert acknowledge(Caller caller, long id);

    /** Deletes an alert; if its issue happens again, a new one is raised. */
    void delete(Caller caller, long id);

    /** Whether the caller has an alerts key. */
    AlertsKey alertsKey(Caller caller);

    /** Makes a new alerts key for the caller, replacing the one it had; the answer is the only time it is shown. */
    AlertsKey newAlertsKey(Caller caller);

    /** Removes the caller's alerts key: the pull API then refuses it. */
    void removeAlertsKey(Caller caller);

    /**
     * The pull API (guide 15.2): the current alerts visible to the user whose alerts key this is, or empty when
     * no user has it. Refusals are logged with the address.
     */
    Optional<List<Alert>> pull(String alertsKey, String address);
}
