package io.haven.schedule;

import io.haven.api.model.DisabledWindow;
import io.haven.api.model.ScheduleSpec;
import io.haven.api.service.ValidationException;

/** Checks a schedule before it is stored; every failure names the field and says what is expected. */
public final class ScheduleValidator {

    /** More than this many units per step is surely a typo (1000 months is 83 years). */
    static final int MAX_EVERY = 1000;

    private ScheduleValidator() {
    }

    public static void validate(ScheduleSpec spec) {
        if (spec.name() == null || spec.name().isBlank()) {
            throw new ValidationException("name", "A schedule needs a name");
        }
        if (spec.name().length() > 100) {
            throw new ValidationException("name", "A schedule name may have at most 100 characters");
        }
        if (spec.every() < 1 || spec.every() > MAX_EVERY) {
            throw new ValidationException("every", "Repeat every 1 to " + MAX_EVERY + " units, not " + spec.every());
        }
        if (spec.unit() == null) {
            throw new ValidationException("unit", "Choose the unit: MINUTES, HOURS, DAYS, WEEKS or MONTHS");
        }
        if (spec.start() == null) {
            throw new ValidationException("start", "A schedule needs a start time");
        }
        if (spec.end() != null && !spec.end().isAfter(spec.start())) {
            throw new ValidationException("end", "The end must be after the start");
        }
        for (int i = 0; i < spec.disabledWindows().size(); i++) {
            DisabledWindow window = spec.disabledWindows().get(i);
            if (window == null || window.from() == null || window.to() == null) {
                throw new ValidationException("disabledWindows[" + i + "]", "A disabled window needs a from and a to time");
            }
        }
    }
}
