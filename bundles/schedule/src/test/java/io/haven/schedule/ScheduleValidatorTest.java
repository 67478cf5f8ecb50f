package io.haven.schedule;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.haven.api.model.DisabledWindow;
import io.haven.api.model.Frequency;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.service.ValidationException;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduleValidatorTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void aPlainScheduleIsAccepted() {
        assertThatCode(() -> ScheduleValidator.validate(new ScheduleSpec("daily", null, 1, Frequency.DAYS, START, null,
                Set.of(), List.of()))).doesNotThrowAnyException();
    }

    @Test
    void eachMistakeNamesItsField() {
        expect(new ScheduleSpec(" ", null, 1, Frequency.DAYS, START, null, Set.of(), List.of()), "name");
        expect(new ScheduleSpec("n".repeat(101), null, 1, Frequency.DAYS, START, null, Set.of(), List.of()), "name");
        expect(new ScheduleSpec("x", null, 0, Frequency.DAYS, START, null, Set.of(), List.of()), "every");
        expect(new ScheduleSpec("x", null, 1001, Frequency.DAYS, START, null, Set.of(), List.of()), "every");
        expect(new ScheduleSpec("x", null, 1, null, START, null, Set.of(), List.of()), "unit");
        expect(new ScheduleSpec("x", null, 1, Frequency.DAYS, null, null, Set.of(), List.of()), "start");
        expect(new ScheduleSpec("x", null, 1, Frequency.DAYS, START, START, Set.of(), List.of()), "end");
        expect(new ScheduleSpec("x", null, 1, Frequency.DAYS, START, null, Set.of(),
                Arrays.asList(new DisabledWindow(null, LocalTime.NOON, LocalTime.MIDNIGHT),
                        new DisabledWindow(null, null, LocalTime.NOON))), "disabledWindows[1]");
    }

    @Test
    void theReasonIsASentenceForAUser() {
        assertThatThrownBy(() -> ScheduleValidator.validate(new ScheduleSpec("x", null, 1, Frequency.DAYS, START,
                START.minusSeconds(60), Set.of(), List.of()))).hasMessage("The end must be after the start");
    }

    private static void expect(ScheduleSpec spec, String field) {
        assertThatThrownBy(() -> ScheduleValidator.validate(spec)).isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo(field);
    }
}
