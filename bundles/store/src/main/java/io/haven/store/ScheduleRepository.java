package io.haven.store;

import io.haven.api.model.Frequency;
import io.haven.api.model.ScheduleSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Schedules. */
public class ScheduleRepository {

    /** A schedule row. */
    public record StoredSchedule(long id, ScheduleSpec spec) {
    }

    private final Database db;

    ScheduleRepository(Database db) {
        this.db = db;
    }

    public List<StoredSchedule> list() {
        return db.read(jdbc -> jdbc.query("SELECT * FROM schedule ORDER BY id", ScheduleRepository::map));
    }

    public Optional<StoredSchedule> get(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM schedule WHERE id = ?", ScheduleRepository::map, id));
    }

    public Optional<StoredSchedule> byName(String name) {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM schedule WHERE name = ?", ScheduleRepository::map, name));
    }

    /** Inserts a schedule owned by root. */
    public long insert(ScheduleSpec s) {
        return insert(null, s);
    }

    /** Inserts a schedule owned by a user (null: root). */
    public long insert(Long ownerId, ScheduleSpec s) {
        return db.inTransaction(jdbc -> jdbc.insert("INSERT INTO schedule (name, description, every_n, unit, start_at, "
                        + "end_at, weekdays, disabled_windows, created_at, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + OwnerRepository.OWNER_OR_ROOT + ")",
                s.name(), s.description(), s.every(), s.unit(), s.start().toEpochMilli(), millis(s.end()),
                Codec.encodeWeekdays(s.weekdays()), Codec.encodeWindows(s.disabledWindows()),
                System.currentTimeMillis(), ownerId));
    }

    public boolean update(long id, ScheduleSpec s) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE schedule SET name = ?, description = ?, every_n = ?, "
                        + "unit = ?, start_at = ?, end_at = ?, weekdays = ?, disabled_windows = ? WHERE id = ?",
                s.name(), s.description(), s.every(), s.unit(), s.start().toEpochMilli(), millis(s.end()),
                Codec.encodeWeekdays(s.weekdays()), Codec.encodeWindows(s.disabledWindows()), id)) > 0;
    }

    /** How far the scheduler has looked at due times; empty before its first look. */
    public Optional<Instant> checkedUntil() {
        return db.read(jdbc -> jdbc.queryOne("SELECT checked_until FROM scheduler_progress WHERE id = 1",
                rs -> Instant.ofEpochMilli(rs.getLong(1))));
    }

    /** Records how far the scheduler has looked at due times. */
    public void checkedUntil(Instant until) {
        db.inTransaction(jdbc -> {
            if (jdbc.update("UPDATE scheduler_progress SET checked_until = ? WHERE id = 1", until.toEpochMilli()) == 0) {
                jdbc.update("INSERT INTO scheduler_progress (id, checked_until) VALUES (1, ?)", until.toEpochMilli());
            }
            return null;
        });
    }

    public boolean delete(long id) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM schedule WHERE id = ?", id)) > 0;
    }

    /** Names of the policies that use the schedule. */
    public List<String> policiesUsing(long id) {
        return db.read(jdbc -> jdbc.query("SELECT p.name FROM policy p JOIN policy_schedule ps ON ps.policy_id = p.id "
                + "WHERE ps.schedule_id = ? ORDER BY p.name", rs -> rs.getString(1), id));
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static StoredSchedule map(ResultSet rs) throws SQLException {
        Long end = Jdbc.nullableLong(rs, "end_at");
        ScheduleSpec spec = new ScheduleSpec(rs.getString("name"), rs.getString("description"), rs.getInt("every_n"),
                Frequency.valueOf(rs.getString("unit")), Instant.ofEpochMilli(rs.getLong("start_at")),
                end == null ? null : Instant.ofEpochMilli(end), Codec.decodeWeekdays(rs.getString("weekdays")),
                Codec.decodeWindows(rs.getString("disabled_windows")));
        return new StoredSchedule(rs.getLong("id"), spec);
    }
}
