package io.haven.api.model;

/** The unit of a schedule's repetition (guide 4.1). */
public enum Frequency { MINUTES, HOURS, DAYS, WEEKS, MONTHS }
