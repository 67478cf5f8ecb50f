/** When schedules run (guide 4.1): pure functions over {@link io.haven.api.model.ScheduleSpec}. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.haven.schedule;
