package io.haven.store;

import io.haven.api.model.Delivery;
import io.haven.api.model.Delivery.Kind;
import io.haven.api.model.Delivery.State;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Users' notifiers with their settings (secret values as core encrypted them), and their deliveries. */
public class NotifierRepository {

    /** A setting's stored value: for a secret, the encrypted text. */
    public record StoredSetting(String value, boolean secret) {
    }

    public record StoredNotifier(long id, long userId, String name, String type, boolean alerts, boolean summary,
                                 Instant created, Map<String, StoredSetting> settings) {
    }

    /** A delivery with what it sends. */
    public record StoredDelivery(Delivery delivery, String subject, String body) {
    }

    private final Database db;

    NotifierRepository(Database db) {
        this.db = db;
    }

    public long insert(long userId, String name, String type, boolean alerts, boolean summary,
                       Map<String, StoredSetting> settings, Instant now) {
        return db.inTransaction(jdbc -> {
            long id = jdbc.insert("INSERT INTO notifier (user_id, name, type, send_alerts, send_summary, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", userId, name, type, alerts, summary, now.toEpochMilli());
            writeSettings(jdbc, id, settings);
            return id;
        });
    }

    public void update(long id, String name, boolean alerts, boolean summary, Map<String, StoredSetting> settings) {
        db.inTransaction(jdbc -> {
            jdbc.update("UPDATE notifier SET name = ?, send_alerts = ?, send_summary = ? WHERE id = ?", name, alerts,
                    summary, id);
            jdbc.update("DELETE FROM notifier_setting WHERE notifier_id = ?", id);
            writeSettings(jdbc, id, settings);
            return null;
        });
    }

    public boolean delete(long id) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM notifier WHERE id = ?", id) > 0);
    }

    public Optional<StoredNotifier> get(long id) {
        return db.read(jdbc -> {
            Optional<StoredNotifier> bare = jdbc.queryOne("SELECT * FROM notifier WHERE id = ?",
                    rs -> notifier(rs, Map.of()), id);
            return bare.isEmpty() ? bare : Optional.of(withSettings(jdbc, bare.get()));
        });
    }

    /** The user's notifiers by name. */
    public List<StoredNotifier> byUser(long userId) {
        return db.read(jdbc -> {
            List<StoredNotifier> bare = jdbc.query("SELECT * FROM notifier WHERE user_id = ? ORDER BY name",
                    rs -> notifier(rs, Map.of()), userId);
            return withSettings(jdbc, bare);
        });
    }

    /** Every notifier, by id. */
    public List<StoredNotifier> all() {
        return db.read(jdbc -> withSettings(jdbc, jdbc.query("SELECT * FROM notifier ORDER BY id",
                rs -> notifier(rs, Map.of()))));
    }

    public Optional<Long> idByName(long userId, String name) {
        return db.read(jdbc -> jdbc.queryOne("SELECT id FROM notifier WHERE user_id = ? AND name = ?",
                rs -> rs.getLong(1), userId, name));
    }

    /** Queues a delivery, due now. */
    public long queue(long notifierId, Long alertId, Kind kind, String subject, String body, Instant now) {
        return db.inTransaction(jdbc -> jdbc.insert("INSERT INTO delivery (notifier_id, alert_id, kind, state, attempts, "
                        + "subject, body, created_at, next_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)", notifierId, alertId,
                kind, State.QUEUED, truncate(subject, 300), truncate(body, 30000), now.toEpochMilli(), now.toEpochMilli()));
    }

    public Optional<StoredDelivery> delivery(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM delivery WHERE id = ?", NotifierRepository::stored, id));
    }

    /** The notifier's deliveries, newest first. */
    public List<Delivery> deliveries(long notifierId, int limit) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM delivery WHERE notifier_id = ? ORDER BY id DESC "
                + "OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY", rs -> stored(rs).delivery(), notifierId, limit));
    }

    /** Deliveries still queued, oldest first: what to resume after a restart. */
    public List<Delivery> queued() {
        return db.read(jdbc -> jdbc.query("SELECT * FROM delivery WHERE state = ? ORDER BY id",
                rs -> stored(rs).delivery(), State.QUEUED));
    }

    /**
     * Takes the next attempt of a queued delivery for whoever makes it: true once per attempt, so that of two nodes
     * that both planned it (one resumed the queue at its start) only one sends it.
     *
     * @param attemptsSeen the attempts the caller read; the claim counts one more
     * @param now          the attempt is due (its next attempt time is not after now)
     * @param busyUntil    when the attempt is taken for lost if it has not recorded its outcome: its next attempt time
     *                     meanwhile, so that nobody else claims it while it is being sent
     */
    public boolean claimAttempt(long id, int attemptsSeen, Instant now, Instant busyUntil) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE delivery SET attempts = ?, next_at = ? WHERE id = ? AND "
                + "attempts = ? AND state = ? AND (next_at IS NULL OR next_at <= ?)", attemptsSeen + 1,
                busyUntil.toEpochMilli(), id, attemptsSeen, State.QUEUED, now.toEpochMilli())) == 1;
    }

    /** Queued deliveries whose next attempt was due before the time: the node that planned them is gone or late. */
    public List<Long> overdue(Instant before) {
        return db.read(jdbc -> jdbc.query("SELECT id FROM delivery WHERE state = ? AND next_at < ? ORDER BY id",
                rs -> rs.getLong(1), State.QUEUED, before.toEpochMilli()));
    }

    public void delivered(long id, int attempts, Instant now) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE delivery SET state = ?, attempts = ?, next_at = NULL, done_at = ? "
                + "WHERE id = ?", State.DELIVERED, attempts, now.toEpochMilli(), id));
    }

    public void retryAt(long id, int attempts, String error, Instant next) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE delivery SET attempts = ?, last_error = ?, next_at = ? WHERE id = ?",
                attempts, truncate(error, 2000), next.toEpochMilli(), id));
    }

    public void failed(long id, int attempts, String error, Instant now) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE delivery SET state = ?, attempts = ?, last_error = ?, next_at = NULL, "
                + "done_at = ? WHERE id = ?", State.FAILED, attempts, truncate(error, 2000), now.toEpochMilli(), id));
    }

    private static void writeSettings(Jdbc jdbc, long id, Map<String, StoredSetting> settings) throws SQLException {
        for (Map.Entry<String, StoredSetting> setting : settings.entrySet()) {
            jdbc.insert("INSERT INTO notifier_setting (notifier_id, name, setting_value, secret) VALUES (?, ?, ?, ?)", id,
                    setting.getKey(), setting.getValue().value(), setting.getValue().secret());
        }
    }

    private static List<StoredNotifier> withSettings(Jdbc jdbc, List<StoredNotifier> bare) throws SQLException {
        List<StoredNotifier> complete = new java.util.ArrayList<>();
        for (StoredNotifier notifier : bare) {
            complete.add(withSettings(jdbc, notifier));
        }
        return complete;
    }

    private static StoredNotifier withSettings(Jdbc jdbc, StoredNotifier bare) throws SQLException {
        Map<String, StoredSetting> settings = new LinkedHashMap<>();
        jdbc.query("SELECT * FROM notifier_setting WHERE notifier_id = ? ORDER BY name", rs -> settings.put(
                rs.getString("name"), new StoredSetting(rs.getString("setting_value"), rs.getBoolean("secret"))), bare.id());
        return new StoredNotifier(bare.id(), bare.userId(), bare.name(), bare.type(), bare.alerts(), bare.summary(),
                bare.created(), Map.copyOf(settings));
    }

    private static StoredNotifier notifier(ResultSet rs, Map<String, StoredSetting> settings) throws SQLException {
        return new StoredNotifier(rs.getLong("id"), rs.getLong("user_id"), rs.getString("name"), rs.getString("type"),
                rs.getBoolean("send_alerts"), rs.getBoolean("send_summary"), Instant.ofEpochMilli(rs.getLong("created_at")),
                settings);
    }

    private static StoredDelivery stored(ResultSet rs) throws SQLException {
        Delivery delivery = new Delivery(rs.getLong("id"), rs.getLong("notifier_id"), Jdbc.nullableLong(rs, "alert_id"),
                Kind.valueOf(rs.getString("kind")), State.valueOf(rs.getString("state")), rs.getInt("attempts"),
                rs.getString("last_error"), Instant.ofEpochMilli(rs.getLong("created_at")),
                AlertRepository.instant(rs, "next_at"), AlertRepository.instant(rs, "done_at"));
        return new StoredDelivery(delivery, rs.getString("subject"), rs.getString("body"));
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
