package io.haven.store;

import io.haven.api.model.User;
import java.util.Optional;

/** Haven users and their API keys; only hashes are stored. */
public class UserRepository {

    /** A user with the stored password hash, for checking a password. */
    public record StoredUser(User user, String passwordHash) {
    }

    private final Database db;

    UserRepository(Database db) {
        this.db = db;
    }

    public long count() {
        return db.read(jdbc -> jdbc.count("SELECT COUNT(*) FROM app_user"));
    }

    public Optional<StoredUser> byUsername(String username) {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM app_user WHERE username = ?",
                rs -> new StoredUser(new User(rs.getLong("id"), rs.getString("username"), rs.getBoolean("is_root")),
                        rs.getString("password_hash")), username));
    }

    public long insert(String username, String passwordHash, boolean root) {
        return db.inTransaction(jdbc -> jdbc.insert("INSERT INTO app_user (username, password_hash, is_root, created_at) "
                + "VALUES (?, ?, ?, ?)", username, passwordHash, root, System.currentTimeMillis()));
    }

    public void insertApiKey(long userId, String name, String keyHash) {
        db.inTransaction(jdbc -> jdbc.insert("INSERT INTO api_key (user_id, name, key_hash, created_at) VALUES (?, ?, ?, ?)",
                userId, name, keyHash, System.currentTimeMillis()));
    }

    public Optional<User> byApiKeyHash(String keyHash) {
        return db.read(jdbc -> jdbc.queryOne("SELECT u.* FROM app_user u JOIN api_key k ON k.user_id = u.id "
                        + "WHERE k.key_hash = ?", rs -> new User(rs.getLong("id"), rs.getString("username"),
                rs.getBoolean("is_root")), keyHash));
    }
}
