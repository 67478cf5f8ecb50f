package io.haven.core.schedule;

/** Told when schedules or policies change, so that due times are computed afresh. */
public interface SchedulePlanner {
    void replan();
}
