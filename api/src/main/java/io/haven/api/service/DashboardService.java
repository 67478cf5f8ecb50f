package io.haven.api.service;

import io.haven.api.model.Caller;
import io.haven.api.model.Dashboard;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The caller's world at a glance: what is protected, how the last day went, what runs, what is at risk.
 *
 * @since service 2.1
 */
@ProviderType
public interface DashboardService {

    Dashboard dashboard(Caller caller);
}
