package io.haven.api.model;

import java.time.DayOfWeek;
import java.time.LocalTime;

/**
 * A time of day when a schedule must not start backups, in the server's time zone.
 * A window whose {@code to} is before its {@code from} crosses midnight into the next day.
 *
 * @param day  the weekday the window starts on, or null for every day
 * @param from start of the window (inclusive)
 * @param to   end of the window (exclusive)
 */
public record DisabledWindow(DayOfWeek day, LocalTime from, LocalTime to) {
}
