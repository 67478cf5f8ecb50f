package io.haven.rest.testing;

import io.haven.api.model.AuditEntry;
import io.haven.api.model.AuditPage;
import io.haven.api.model.AuditQuery;
import io.haven.api.model.Caller;
import io.haven.api.service.AuditService;
import java.util.ArrayList;
import java.util.List;

/** Keeps what the REST layer records, so that tests see exactly which operations reach the audit log. */
public class FakeAuditService implements AuditService {

    public final List<AuditEntry> recorded = new ArrayList<>();
    public AuditQuery lastQuery;

    @Override
    public synchronized void record(Caller caller, String event, String operation, String outcome) {
        recorded.add(new AuditEntry(recorded.size() + 1, FakeUserService.NOW, caller.user().id(),
                caller.user().username(), null, caller.address(), caller.channel(), event, operation, outcome));
    }

    @Override
    public synchronized AuditPage list(Caller caller, AuditQuery query) {
        lastQuery = query;
        List<AuditEntry> newestFirst = new ArrayList<>(recorded);
        java.util.Collections.reverse(newestFirst);
        return new AuditPage(newestFirst, null);
    }
}
