package io.haven.api.service;

import io.haven.api.model.Alert;
import java.util.List;
import io.haven.api.model.Caller;
import org.osgi.annotation.versioning.ProviderType;

/** Alerts raised by Haven, newest first. */
@ProviderType
public interface AlertService {

    List<Alert> list(Caller caller, int limit);
}
