package io.haven.core.backup;

import static io.haven.core.TestStores.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.Backup;
import io.haven.api.model.BackupQuery;
import io.haven.api.model.BackupStatus;
import io.haven.api.model.BackupTrigger;
import io.haven.api.model.Page;
import io.haven.api.service.ValidationException;
import io.haven.core.TestStores;
import io.haven.store.HavenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The backup list's cursors (decision 0035): core makes them, and refuses any it did not make for the listing. */
class BackupListTest {

    private final HavenStore store = TestStores.fresh();
    private final BackupServiceImpl backups = new BackupServiceImpl(store, null);

    @BeforeEach
    void tenBackupsOfTwoPolicies() {
        for (int i = 0; i < 10; i++) {
            long policyId = 1 + i % 2;
            long id = store.backups().start(policyId, 1L, "p" + policyId, BackupTrigger.SCHEDULE, 1,
                    Instant.ofEpochMilli(1000 + i / 3)).orElseThrow();
            store.backups().finish(id, i % 3 == 0 ? BackupStatus.FAILED : BackupStatus.SUCCESSFUL, "done",
                    Instant.ofEpochMilli(2000));
        }
    }

    @Test
    void followingNextVisitsEveryBackupOnceAndTheLastPageHasNoNext() {
        for (String sort : List.of("started", "ended", "status", "policyId")) {
            BackupQuery query = new BackupQuery(null, null, sort, false, 0, 3);
            List<Long> expected = backups.list(ROOT, new BackupQuery(null, null, sort, false, 0, 500)).items().stream()
                    .map(Backup::id).toList();
            List<Long> seen = new ArrayList<>();
            Page<Backup> page = backups.list(ROOT, query);
            assertThat(page.total()).isEqualTo(10);
            assertThat(page.totalIsLowerBound()).isFalse();
            while (true) {
                page.items().forEach(b -> seen.add(b.id()));
                if (page.next() == null) {
                    break;
                }
                assertThat(page.next()).matches(Pattern.compile(BackupQuery.CURSOR_PATTERN));
                page = backups.list(ROOT, query.withCursor(page.next()));
            }
            assertThat(seen).as(sort).containsExactlyElementsOf(expected).hasSize(10);
        }
        // A numbered page has a next cursor too: from page 1 on by cursor is page 2.
        Page<Backup> second = backups.list(ROOT, new BackupQuery(null, null, "started", true, 1, 3));
        Page<Backup> third = backups.list(ROOT, new BackupQuery(null, null, "started", true, 0, 3).withCursor(second.next()));
        assertThat(third.items()).isEqualTo(backups.list(ROOT, new BackupQuery(null, null, "started", true, 2, 3)).items());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "", "abc", "AAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAA=", "AAAAAAAA AAAAAAAA", "AAAAAAAAAAAAAAA/A"})
    void aValueNotOfTheCursorsFormIsRefusedNamingTheCursor(String cursor) {
        assertThatThrownBy(() -> backups.list(ROOT, query().withCursor(cursor)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("cursor"))
                .hasMessageStartingWith("Not a cursor");
        assertThat(cursor).doesNotMatch(BackupQuery.CURSOR_PATTERN);
    }

    @Test
    void aChangedCursorOrOneOfTheRightFormThatHavenDidNotMakeIsRefused() {
        String next = backups.list(ROOT, query()).next();
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            changed.add(next.substring(0, i) + (c == 'A' ? 'B' : 'A') + next.substring(i + 1));
        }
        changed.add(next + "A");
        changed.add(next + "AA");
        changed.add(next.substring(0, next.length() - 1));
        changed.add("AAAAAAAAAAAAAAAA");
        changed.add("abcdefghijklmnopq");
        for (String cursor : changed) {
            assertThat(cursor).matches(BackupQuery.CURSOR_PATTERN);
            assertThatThrownBy(() -> backups.list(ROOT, query().withCursor(cursor))).as(cursor)
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("cursor"))
                    .hasMessageContaining("changed or was not made by Haven");
        }
        assertThat(backups.list(ROOT, query().withCursor(next)).items()).hasSize(3);
    }

    @Test
    void aCursorContinuesOnlyTheListingItCameFrom() {
        String next = backups.list(ROOT, query()).next();
        for (BackupQuery other : List.of(new BackupQuery(null, null, "ended", true, 0, 3),
                new BackupQuery(null, null, "started", false, 0, 3),
                new BackupQuery(2L, null, "started", true, 0, 3),
                new BackupQuery(null, BackupStatus.FAILED, "started", true, 0, 3),
                new BackupQuery(null, null, "started", true, 0, 3, true, null),
                new BackupQuery(null, null, "started", true, 0, 3, null, "q3"))) {
            assertThatThrownBy(() -> backups.list(ROOT, other.withCursor(next))).as(other.toString())
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("cursor"))
                    .hasMessageContaining("belongs to a listing with other filters");
        }
        // Another page size is the same listing.
        assertThat(backups.list(ROOT, new BackupQuery(null, null, "started", true, 0, 7).withCursor(next)).items())
                .hasSize(7);
        assertThatThrownBy(() -> backups.list(ROOT, new BackupQuery(null, null, "started", true, 1, 3).withCursor(next)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("page"));
    }

    private static BackupQuery query() {
        return new BackupQuery(null, null, "started", true, 0, 3);
    }
}
