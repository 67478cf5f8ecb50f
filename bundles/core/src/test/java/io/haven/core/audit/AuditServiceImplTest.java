package io.haven.core.audit;

import static io.haven.core.TestStores.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.auth.SignInFailure;
import io.haven.api.model.AuditEntry;
import io.haven.api.model.AuditPage;
import io.haven.api.model.AuditQuery;
import io.haven.api.model.Caller;
import io.haven.api.model.User;
import io.haven.api.model.UserType;
import io.haven.api.service.AuditService;
import io.haven.api.service.NotFoundException;
import io.haven.api.service.ValidationException;
import io.haven.core.MutableClock;
import io.haven.core.TestStores;
import io.haven.store.HavenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditServiceImplTest {

    private final HavenStore store = TestStores.fresh();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final AuditServiceImpl audit = new AuditServiceImpl(store, clock, Duration.ofDays(30));

    private final Caller alice = user("alice", UserType.INDEPENDENT, null);
    private final Caller bob = user("bob", UserType.MANAGED, alice.user().id());
    private final Caller carol = user("carol", UserType.INDEPENDENT, null);

    private Caller user(String name, UserType type, Long manager) {
        long id = store.users().insert(name, "$argon2id$unused", type, manager, null);
        return new Caller(new User(id, name, type, manager), "10.0.0.9", "rest");
    }

    private List<String> operations(Caller reader, AuditQuery query) {
        return audit.list(reader, query).items().stream().map(AuditEntry::operation).toList();
    }

    @Test
    void rootReadsEveryonesEntriesAndAUserThoseOfItsWorldOnly() {
        audit.record(alice, "POST /policies", "POST /api/v1/policies", AuditService.SUCCEEDED);
        audit.record(bob, "POST /schedules", "POST /api/v1/schedules", AuditService.SUCCEEDED);
        audit.record(carol, "DELETE /accounts/{id}", "DELETE /api/v1/accounts/4", "failed: 404 not found");

        AuditQuery all = AuditQuery.latest(10);
        assertThat(operations(ROOT, all)).containsExactly("DELETE /api/v1/accounts/4", "POST /api/v1/schedules",
                "POST /api/v1/policies");
        assertThat(operations(alice, all)).containsExactly("POST /api/v1/schedules", "POST /api/v1/policies");
        assertThat(operations(bob, all)).containsExactly("POST /api/v1/schedules");
        assertThat(operations(carol, all)).containsExactly("DELETE /api/v1/accounts/4");

        AuditEntry entry = audit.list(carol, all).items().get(0);
        assertThat(entry.username()).isEqualTo("carol");
        assertThat(entry.address()).isEqualTo("10.0.0.9");
        assertThat(entry.channel()).isEqualTo("rest");
        assertThat(entry.event()).isEqualTo("DELETE /accounts/{id}");
        assertThat(entry.outcome()).isEqualTo("failed: 404 not found");
        assertThat(entry.time()).isEqualTo(clock.instant());
    }

    @Test
    void aUserFilterOutsideTheCallersWorldIsNotFound() {
        audit.record(carol, "POST /policies", "POST /api/v1/policies", AuditService.SUCCEEDED);
        assertThatThrownBy(() -> audit.list(alice, new AuditQuery(carol.user().id(), null, null, null, 10)))
                .isInstanceOf(NotFoundException.class);
        assertThat(operations(ROOT, new AuditQuery(carol.user().id(), null, null, null, 10))).hasSize(1);
        assertThat(operations(alice, new AuditQuery(bob.user().id(), null, null, null, 10))).isEmpty();
    }

    @Test
    void pagesGoBackwardsByIdAndTimeFiltersApply() {
        for (int i = 1; i <= 5; i++) {
            audit.record(alice, "PUT /policies/{id}", "PUT /api/v1/policies/" + i, AuditService.SUCCEEDED);
            clock.advance(Duration.ofMinutes(1));
        }
        AuditPage first = audit.list(alice, AuditQuery.latest(2));
        assertThat(first.items()).extracting(AuditEntry::operation)
                .containsExactly("PUT /api/v1/policies/5", "PUT /api/v1/policies/4");
        AuditPage second = audit.list(alice, new AuditQuery(null, null, null, first.next(), 2));
        assertThat(second.items()).extracting(AuditEntry::operation)
                .containsExactly("PUT /api/v1/policies/3", "PUT /api/v1/policies/2");
        AuditPage last = audit.list(alice, new AuditQuery(null, null, null, second.next(), 2));
        assertThat(last.items()).extracting(AuditEntry::operation).containsExactly("PUT /api/v1/policies/1");
        assertThat(last.next()).isNull();

        Instant start = Instant.parse("2026-06-01T10:00:00Z");
        assertThat(operations(alice, new AuditQuery(null, start.plusSeconds(60), start.plusSeconds(180), null, 10)))
                .containsExactly("PUT /api/v1/policies/3", "PUT /api/v1/policies/2");
    }

    @Test
    void badQueriesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> audit.list(alice, AuditQuery.latest(0)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("limit"));
        assertThatThrownBy(() -> audit.list(alice, AuditQuery.latest(AuditQuery.MAX_LIMIT + 1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("limit"));
        Instant now = clock.instant();
        assertThatThrownBy(() -> audit.list(alice, new AuditQuery(null, now, now.minusSeconds(1), null, 10)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("to"));
        assertThat(audit.list(alice, new AuditQuery(null, now, now, null, 10)).items()).as("an empty range").isEmpty();
    }

    @Test
    void controlCharactersCannotForgeLinesAndLongTextIsCut() {
        audit.record(alice, "POST /x\r\nforged", "a".repeat(5_000), "failed: \u0000bad");
        AuditEntry entry = audit.list(alice, AuditQuery.latest(1)).items().get(0);
        assertThat(entry.event()).isEqualTo("POST /x  forged");
        assertThat(entry.operation()).hasSize(1_000).endsWith("…");
        assertThat(entry.outcome()).isEqualTo("failed:  bad");
    }

    @Test
    void aRefusedSignInIsRecordedUnderTheUserItNamesAndAnUnknownNameForRootOnly() {
        audit.signInFailed(new SignInFailure(clock.instant(), "alice", "192.0.2.7", "rest", SignInFailure.Reason.REJECTED));
        audit.signInFailed(new SignInFailure(clock.instant(), "nobody", "192.0.2.8", "shell", SignInFailure.Reason.THROTTLED));

        AuditEntry alices = audit.list(alice, AuditQuery.latest(10)).items().get(0);
        assertThat(alices.event()).isEqualTo("sign-in");
        assertThat(alices.outcome()).isEqualTo("failed: rejected");
        assertThat(alices.address()).isEqualTo("192.0.2.7");
        assertThat(audit.list(alice, AuditQuery.latest(10)).items()).hasSize(1);
        assertThat(audit.list(ROOT, AuditQuery.latest(10)).items()).extracting(AuditEntry::username)
                .containsExactly("nobody", "alice");
    }

    @Test
    void entriesOlderThanTheRetentionAreDeleted() {
        audit.record(alice, "POST /policies", "old", AuditService.SUCCEEDED);
        clock.advance(Duration.ofDays(20));
        audit.record(alice, "POST /policies", "recent", AuditService.SUCCEEDED);
        clock.advance(Duration.ofDays(11));

        assertThat(audit.purge()).isEqualTo(1);
        assertThat(operations(ROOT, AuditQuery.latest(10))).containsExactly("recent");
    }
}
