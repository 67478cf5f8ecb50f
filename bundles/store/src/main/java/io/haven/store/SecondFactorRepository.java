package io.haven.store;

import java.util.Optional;

/** Users' TOTP secrets, as core encrypted them; one per user, pending until confirmed. */
public class SecondFactorRepository {

    /**
     * A user's second factor.
     *
     * @param secret    the encrypted shared secret
     * @param confirmed whether the user proved it with a code (only then is it asked for at sign-in)
     * @param lastStep  the last accepted time step (0: none yet)
     */
    public record StoredSecondFactor(long userId, String secret, boolean confirmed, long lastStep) {
    }

    private final Database db;

    SecondFactorRepository(Database db) {
        this.db = db;
    }

    public Optional<StoredSecondFactor> of(long userId) {
        return db.read(jdbc -> jdbc.queryOne("SELECT user_id, secret, confirmed, last_step FROM second_factor WHERE user_id = ?",
                rs -> new StoredSecondFactor(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4)), userId));
    }

    /** The confirmed second factor of the user of that name, if any: one query, whether or not the user exists. */
    public Optional<StoredSecondFactor> confirmedOf(String username) {
        return db.read(jdbc -> jdbc.queryOne("SELECT f.user_id, f.secret, f.confirmed, f.last_step FROM second_factor f "
                + "JOIN app_user u ON u.id = f.user_id WHERE u.username = ? AND f.confirmed = ?",
                rs -> new StoredSecondFactor(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4)), username, true));
    }

    /** Stores a new, pending secret for the user, replacing a pending one; a confirmed one is left alone. */
    public boolean startPending(long userId, String encryptedSecret, long now) {
        return db.inTransaction(jdbc -> {
            Optional<Boolean> confirmed = jdbc.queryOne("SELECT confirmed FROM second_factor WHERE user_id = ?",
                    rs -> rs.getBoolean(1), userId);
            if (confirmed.orElse(false)) {
                return false;
            }
            jdbc.update("DELETE FROM second_factor WHERE user_id = ?", userId);
            jdbc.update("INSERT INTO second_factor (user_id, secret, confirmed, last_step, created_at) VALUES (?, ?, ?, ?, ?)",
                    userId, encryptedSecret, false, 0L, now);
            return true;
        });
    }

    /**
     * Records that a code of this time step was accepted, and confirms the secret, unless a code of this or a later
     * step was accepted before (compare-and-set: of two concurrent uses of one code, one wins).
     */
    public boolean accept(long userId, long step) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE second_factor SET last_step = ?, confirmed = ? "
                + "WHERE user_id = ? AND last_step < ?", step, true, userId, step)) == 1;
    }

    public boolean remove(long userId) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM second_factor WHERE user_id = ?", userId)) == 1;
    }
}
