package io.haven.rest.testing;

import io.haven.api.model.BackupStatus;
import io.haven.api.model.Caller;
import io.haven.api.model.Dashboard;
import io.haven.api.service.DashboardService;
import java.util.List;
import java.util.Map;

/** One fixed dashboard, to check its JSON shape; what it counts is core's, tested there. */
public class FakeDashboardService implements DashboardService {

    @Override
    public Dashboard dashboard(Caller caller) {
        return new Dashboard(FakeUserService.NOW, List.of(new Dashboard.ProtectedCount("ebs-volume", 1, "lab", 3)),
                Map.of(BackupStatus.SUCCESSFUL, 2L), 1, List.of(), List.of(),
                List.of(new Dashboard.RpoAtRisk(7, "web", null, FakeUserService.NOW.minusSeconds(7200), 2)));
    }
}
