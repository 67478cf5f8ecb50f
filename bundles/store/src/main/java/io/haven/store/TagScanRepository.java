package io.haven.store;

import io.haven.api.model.TagScanEntry;
import io.haven.api.model.TagScanLog;
import io.haven.api.model.TagScanSettings;
import java.time.Instant;
import java.util.List;

/** Root's tag scan settings and the log of the last tag scan of each account (guide 13). */
public class TagScanRepository {

    private final Database db;

    TagScanRepository(Database db) {
        this.db = db;
    }

    public TagScanSettings settings() {
        return db.read(jdbc -> jdbc.queryOne("SELECT enabled, interval_hours FROM tag_scan_settings WHERE id = 1",
                rs -> new TagScanSettings(rs.getBoolean(1), rs.getInt(2))).orElse(TagScanSettings.DEFAULT));
    }

    public void saveSettings(TagScanSettings settings) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE tag_scan_settings SET enabled = ?, interval_hours = ? WHERE id = 1",
                settings.enabled(), settings.intervalHours()));
    }

    /** Replaces the account's last scan log with this one, in one transaction. */
    public void saveLast(TagScanLog log) {
        db.inTransaction(jdbc -> {
            jdbc.update("DELETE FROM tag_scan WHERE account_id = ?", log.accountId());
            jdbc.update("INSERT INTO tag_scan (account_id, started_at, ended_at, tagged) VALUES (?, ?, ?, ?)",
                    log.accountId(), log.started().toEpochMilli(), log.ended().toEpochMilli(), log.tagged());
            for (TagScanEntry e : log.entries()) {
                jdbc.update("INSERT INTO tag_scan_entry (account_id, kind, target_type, region, resource_id, policy_name, "
                                + "tag_value, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", log.accountId(), e.kind(), e.type(),
                        e.region(), clip(e.resourceId(), 256), clip(e.policy(), 100), clip(e.tagValue(), 300),
                        clip(e.message(), 2000));
            }
            return null;
        });
    }

    /**
     * Adds a line to the account's last scan log, if the account was ever scanned (a change made by hand that the
     * resource's tag contradicts); the next scan replaces the log as usual.
     *
     * @return false when the account has no scan log
     */
    public boolean appendToLast(long accountId, TagScanEntry e) {
        return db.inTransaction(jdbc -> {
            if (jdbc.count("SELECT COUNT(*) FROM tag_scan WHERE account_id = ?", accountId) == 0) {
                return false;
            }
            jdbc.update("INSERT INTO tag_scan_entry (account_id, kind, target_type, region, resource_id, policy_name, "
                            + "tag_value, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", accountId, e.kind(), e.type(), e.region(),
                    clip(e.resourceId(), 256), clip(e.policy(), 100), clip(e.tagValue(), 300), clip(e.message(), 2000));
            return true;
        });
    }

    /** The last scan of the account, if it was ever scanned. */
    public java.util.Optional<TagScanLog> last(long accountId) {
        return lastScans().stream().filter(log -> log.accountId() == accountId).findFirst();
    }

    /** The last scan of every account that was scanned, by account id. */
    public List<TagScanLog> lastScans() {
        return db.read(jdbc -> {
            List<TagScanLog> heads = jdbc.query("SELECT s.account_id, a.name, s.started_at, s.ended_at, s.tagged "
                    + "FROM tag_scan s JOIN account a ON a.id = s.account_id ORDER BY s.account_id", rs -> new TagScanLog(
                    rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4)),
                    rs.getInt(5), List.of()));
            List<TagScanLog> logs = new java.util.ArrayList<>();
            for (TagScanLog head : heads) {
                List<TagScanEntry> entries = jdbc.query("SELECT kind, target_type, region, resource_id, policy_name, "
                        + "tag_value, message FROM tag_scan_entry WHERE account_id = ? ORDER BY id", rs -> new TagScanEntry(
                        TagScanEntry.Kind.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)), head.accountId());
                logs.add(new TagScanLog(head.accountId(), head.accountName(), head.started(), head.ended(), head.tagged(),
                        entries));
            }
            return logs;
        });
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
