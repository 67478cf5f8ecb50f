package io.haven.core.audit;

import io.haven.api.auth.SignInFailure;
import io.haven.api.auth.SignInListener;
import io.haven.api.model.AuditEntry;
import io.haven.api.model.AuditPage;
import io.haven.api.model.AuditQuery;
import io.haven.api.model.Caller;
import io.haven.api.service.AuditService;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.core.access.Worlds;
import io.haven.core.internal.CoreConfig;
import io.haven.store.HavenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log (guide 16.6, decision 0023): keeps what the adapters report and every refused sign-in, cleaned of
 * control characters and cut to length, for {@link CoreConfig#auditRetentionDays()} days. Root reads everyone's
 * entries; another user reads those of the users in its world ({@link Worlds#visibleOwners}).
 */
@Component(service = {AuditService.class, SignInListener.class}, immediate = true, configurationPid = CoreConfig.PID)
public class AuditServiceImpl implements AuditService, SignInListener {

    private static final Logger LOG = LoggerFactory.getLogger(AuditServiceImpl.class);

    private final HavenStore store;
    private final Worlds worlds;
    private final Clock clock;
    private final Duration retention;
    private ScheduledExecutorService purger;

    @Activate
    public AuditServiceImpl(@Reference HavenStore store, CoreConfig config) {
        this(store, Clock.systemUTC(), Duration.ofDays(Math.max(1, config.auditRetentionDays())));
        purger = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "haven-audit-purge");
            thread.setDaemon(true);
            return thread;
        });
        purger.scheduleWithFixedDelay(this::purgeQuietly, 0, 1, TimeUnit.HOURS);
    }

    public AuditServiceImpl(HavenStore store, Clock clock, Duration retention) {
        this.store = store;
        this.worlds = new Worlds(store);
        this.clock = clock;
        this.retention = retention;
    }

    @Deactivate
    void stop() {
        if (purger != null) {
            purger.shutdownNow();
        }
    }

    @Override
    public void record(Caller caller, String event, String operation, String outcome) {
        // A delegate's operations are its principal's, in the principal's world, naming the delegate (guide 16.6).
        String delegate = caller.delegate() == null ? null : caller.delegate().username();
        store.audit().insert(new AuditEntry(0, clock.instant(), caller.user().id(), caller.user().username(), delegate,
                AuditText.clean(caller.address(), 100), AuditText.clean(caller.channel(), 20),
                AuditText.clean(event, 200), AuditText.clean(operation, 1000), AuditText.clean(outcome, 300)));
    }

    /** A refused sign-in is recorded under the user it names, if there is one, so that user sees it too. */
    @Override
    public void signInFailed(SignInFailure failure) {
        try {
            var user = failure.username() == null ? java.util.Optional.<io.haven.api.model.User>empty()
                    : store.users().byUsername(failure.username()).map(stored -> stored.user());
            // A delegate's refusal goes to its principal's log, naming the delegate.
            var principal = user.map(u -> u.delegation() == null ? u : u.delegation().principal());
            Long userId = principal.map(u -> u.id()).orElse(null);
            String username = principal.map(u -> u.username()).orElse(AuditText.clean(failure.username(), 100));
            String delegate = user.filter(u -> u.delegation() != null).map(u -> u.username()).orElse(null);
            store.audit().insert(new AuditEntry(0, failure.time(), userId, username,
                    delegate, AuditText.clean(failure.address(), 100), AuditText.clean(failure.channel(), 20), "sign-in",
                    "sign in as " + AuditText.clean(failure.username(), 100),
                    "failed: " + failure.reason().name().toLowerCase(java.util.Locale.ROOT)));
        } catch (RuntimeException e) {
            // A listener never fails the sign-in it hears of.
            LOG.warn("Could not record a refused sign-in in the audit log: {}", e.toString());
        }
    }

    @Override
    public AuditPage list(Caller caller, AuditQuery query) {
        if (query.limit() < 1 || query.limit() > AuditQuery.MAX_LIMIT) {
            throw new ValidationException("limit", "must be between 1 and " + AuditQuery.MAX_LIMIT);
        }
        if (query.from() != null && query.to() != null && query.to().isBefore(query.from())) {
            throw new ValidationException("to", "must not be before from");
        }
        Set<Long> users = caller.user().root() ? null : worlds.visibleOwners(caller);
        if (query.userId() != null && users != null && !users.contains(query.userId())) {
            throw new NotFoundException("user", query.userId());
        }
        List<AuditEntry> rows = store.audit().list(query, users, query.limit());
        boolean more = rows.size() > query.limit();
        List<AuditEntry> items = more ? rows.subList(0, query.limit()) : rows;
        return new AuditPage(items, more ? items.get(items.size() - 1).id() : null);
    }

    /** Deletes entries older than the retention; returns how many. */
    int purge() {
        return store.audit().purgeBefore(clock.instant().minus(retention));
    }

    private void purgeQuietly() {
        try {
            int purged = purge();
            if (purged > 0) {
                LOG.info("Audit log: deleted {} entries older than {} days", purged, retention.toDays());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not delete old audit entries; trying again in an hour: {}", e.toString());
        }
    }
}
