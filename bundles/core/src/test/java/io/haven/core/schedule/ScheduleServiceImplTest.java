package io.haven.core.schedule;

import static io.haven.core.TestStores.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.DisabledWindow;
import io.haven.api.model.Frequency;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.service.ValidationException;
import io.haven.core.TestStores;
import io.haven.core.internal.Validation;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the schedule service refuses before the store sees it. */
class ScheduleServiceImplTest {

    private static final Instant NOW = Instant.parse("2025-03-01T00:00:00Z");

    private final ScheduleServiceImpl schedules = new ScheduleServiceImpl(TestStores.fresh(), () -> { },
            ZoneOffset.UTC, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void instantsOutsideTheStorableRangeAreRefusedNamingTheField() {
        Instant farFuture = Instant.parse("+999999999-12-31T23:59:59Z");

        assertThatThrownBy(() -> schedules.create(ROOT, spec(farFuture, null, List.of())))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("start");
        assertThatThrownBy(() -> schedules.create(ROOT, spec(NOW, farFuture, List.of())))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("end");
        assertThatThrownBy(() -> schedules.create(ROOT, spec(Instant.parse("-000001-01-01T00:00:00Z"), null, List.of())))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("start");
        assertThat(schedules.list(ROOT)).isEmpty();

        assertThat(schedules.create(ROOT, spec(Instant.parse("9999-12-31T23:59:59Z"), null, List.of())).id()).isPositive();
        assertThat(schedules.create(ROOT, spec(Instant.parse("0000-01-01T00:00:00Z"), null, List.of())).spec().start())
                .isEqualTo(Validation.MIN_INSTANT);
    }

    @Test
    void asManyDisabledWindowsAsTheStoreHoldsAndNoMore() {
        DisabledWindow longest = new DisabledWindow(DayOfWeek.WEDNESDAY, LocalTime.of(1, 2, 3, 123_456_789),
                LocalTime.of(4, 5, 6, 987_654_321));
        List<DisabledWindow> most = Collections.nCopies(ScheduleServiceImpl.MAX_DISABLED_WINDOWS, longest);

        assertThatThrownBy(() -> schedules.create(ROOT, spec(NOW, null,
                Collections.nCopies(ScheduleServiceImpl.MAX_DISABLED_WINDOWS + 1, longest))))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("disabledWindows");
        assertThat(schedules.list(ROOT)).isEmpty();

        assertThat(schedules.create(ROOT, spec(NOW, null, most)).spec().disabledWindows()).hasSize(most.size());
    }

    @Test
    void aPreviewShowsTheNextRunsOfAnUnsavedScheduleAndRefusesWhatCreateRefuses() {
        ScheduleSpec everySixHours = new ScheduleSpec("preview", null, 6, Frequency.HOURS,
                Instant.parse("2025-02-01T01:30:00Z"), null, Set.of(), List.of());

        assertThat(schedules.preview(ROOT, everySixHours, 3)).containsExactly(Instant.parse("2025-03-01T01:30:00Z"),
                Instant.parse("2025-03-01T07:30:00Z"), Instant.parse("2025-03-01T13:30:00Z"));
        assertThat(schedules.list(ROOT)).isEmpty();

        ScheduleSpec never = new ScheduleSpec("preview", null, 0, Frequency.HOURS, NOW, null, Set.of(), List.of());
        assertThatThrownBy(() -> schedules.preview(ROOT, never, 3))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("every");
        assertThatThrownBy(() -> schedules.preview(ROOT, everySixHours, 101))
                .isInstanceOf(ValidationException.class).extracting("field").isEqualTo("count");
    }

    private static ScheduleSpec spec(Instant start, Instant end, List<DisabledWindow> windows) {
        return new ScheduleSpec("s-" + start.getEpochSecond() % 1000 + "-" + windows.size(), null, 1, Frequency.DAYS,
                start, end, Set.of(), windows);
    }
}
