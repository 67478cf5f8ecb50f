package io.haven.store;

import io.haven.api.model.ApiKey;
import io.haven.api.model.ResourceLimits;
import io.haven.api.model.User;
import io.haven.api.model.UserProfile;
import io.haven.api.model.UserType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Haven users and their API keys; only hashes are stored. */
public class UserRepository {

    /** A user with the stored password hash, for checking a password. */
    public record StoredUser(User user, String passwordHash) {
    }

    /** The user an API key belongs to, with what is needed to judge the key. */
    public record KeyOwner(User user, long keyId, Long expiresAt, Long lastUsedAt) {
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
                rs -> new StoredUser(user(rs), rs.getString("password_hash")), username));
    }

    public Optional<StoredUser> byId(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM app_user WHERE id = ?",
                rs -> new StoredUser(user(rs), rs.getString("password_hash")), id));
    }

    public long insert(String username, String passwordHash, boolean root) {
        return insert(username, passwordHash, root ? UserType.ROOT : UserType.INDEPENDENT, null, null);
    }

    public long insert(String username, String passwordHash, UserType type, Long managerId, String email) {
        return insert(username, passwordHash, type, managerId, email, ResourceLimits.UNLIMITED);
    }

    /** @param limits the user's resource limits; null means none */
    public long insert(String username, String passwordHash, UserType type, Long managerId, String email,
                       ResourceLimits limits) {
        ResourceLimits l = limits == null ? ResourceLimits.UNLIMITED : limits;
        return db.inTransaction(jdbc -> jdbc.insert("INSERT INTO app_user (username, password_hash, is_root, user_type, "
                + "manager_id, email, created_at, max_accounts, max_instances, max_ebs_gib, max_rds_gib, "
                + "max_redshift_clusters, max_dynamodb_gib) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", username,
                passwordHash, type == UserType.ROOT, type, managerId, email, System.currentTimeMillis(), l.maxAccounts(),
                l.maxInstances(), l.maxEbsGiB(), l.maxRdsGiB(), l.maxRedshiftClusters(), l.maxDynamoDbGiB()));
    }

    /** A user's resource limits; {@link ResourceLimits#UNLIMITED} for an unknown user. */
    public ResourceLimits limits(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM app_user WHERE id = ?", UserRepository::limits, id))
                .orElse(ResourceLimits.UNLIMITED);
    }

    /** Sets a user's resource limits; false when the user does not exist. */
    public boolean updateLimits(long id, ResourceLimits limits) {
        ResourceLimits l = limits == null ? ResourceLimits.UNLIMITED : limits;
        return db.inTransaction(jdbc -> jdbc.update("UPDATE app_user SET max_accounts = ?, max_instances = ?, "
                + "max_ebs_gib = ?, max_rds_gib = ?, max_redshift_clusters = ?, max_dynamodb_gib = ? WHERE id = ?",
                l.maxAccounts(), l.maxInstances(), l.maxEbsGiB(), l.maxRdsGiB(), l.maxRedshiftClusters(),
                l.maxDynamoDbGiB(), id)) == 1;
    }

    /** Every user, by id. */
    public List<UserProfile> profiles() {
        return db.read(jdbc -> jdbc.query("SELECT * FROM app_user ORDER BY id", UserRepository::profile));
    }

    public Optional<UserProfile> profile(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM app_user WHERE id = ?", UserRepository::profile, id));
    }

    /** The ids of the users a user manages. */
    public List<Long> managedBy(long managerId) {
        return db.read(jdbc -> jdbc.query("SELECT id FROM app_user WHERE manager_id = ? ORDER BY id",
                rs -> rs.getLong(1), managerId));
    }

    /** Sets a user's email, type and manager; false when the user does not exist. Root stays root. */
    public boolean update(long id, String email, UserType type, Long managerId) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE app_user SET email = ?, user_type = ?, manager_id = ? "
                + "WHERE id = ? AND is_root = FALSE", email, type, managerId, id)) == 1;
    }

    /** Replaces a user's password hash; false when the user does not exist. */
    public boolean updatePasswordHash(long userId, String passwordHash) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE app_user SET password_hash = ? WHERE id = ?",
                passwordHash, userId)) == 1;
    }

    /** Replaces a hash only if it is still the one read, so that a concurrent password change wins. */
    public boolean replacePasswordHash(long userId, String expected, String passwordHash) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE app_user SET password_hash = ? WHERE id = ? "
                + "AND password_hash = ?", passwordHash, userId, expected)) == 1;
    }

    public void insertApiKey(long userId, String name, String keyHash) {
        insertApiKey(userId, name, keyHash, Instant.now(), null);
    }

    public ApiKey insertApiKey(long userId, String name, String keyHash, Instant created, Instant expires) {
        long id = db.inTransaction(jdbc -> jdbc.insert("INSERT INTO api_key (user_id, name, key_hash, created_at, "
                + "expires_at) VALUES (?, ?, ?, ?, ?)", userId, name, keyHash, created.toEpochMilli(),
                expires == null ? null : expires.toEpochMilli()));
        return new ApiKey(id, name, Instant.ofEpochMilli(created.toEpochMilli()),
                expires == null ? null : Instant.ofEpochMilli(expires.toEpochMilli()), null);
    }

    public Optional<User> byApiKeyHash(String keyHash) {
        return keyOwner(keyHash).map(KeyOwner::user);
    }

    public Optional<KeyOwner> keyOwner(String keyHash) {
        return db.read(jdbc -> jdbc.queryOne("SELECT u.*, k.id AS key_id, k.expires_at, k.last_used_at FROM app_user u "
                        + "JOIN api_key k ON k.user_id = u.id WHERE k.key_hash = ?",
                rs -> new KeyOwner(user(rs), rs.getLong("key_id"), Jdbc.nullableLong(rs, "expires_at"),
                        Jdbc.nullableLong(rs, "last_used_at")), keyHash));
    }

    public List<ApiKey> apiKeys(long userId) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM api_key WHERE user_id = ? ORDER BY id", rs -> new ApiKey(
                rs.getLong("id"), rs.getString("name"), Instant.ofEpochMilli(rs.getLong("created_at")),
                instant(rs, "expires_at"), instant(rs, "last_used_at")), userId));
    }

    public void markApiKeyUsed(long keyId, Instant when) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE api_key SET last_used_at = ? WHERE id = ?", when.toEpochMilli(), keyId));
    }

    /** Deletes one of the user's keys; false when the user has no key with that id. */
    public boolean deleteApiKey(long userId, long keyId) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM api_key WHERE id = ? AND user_id = ?", keyId, userId)) == 1;
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), UserType.valueOf(rs.getString("user_type")),
                Jdbc.nullableLong(rs, "manager_id"));
    }

    private static UserProfile profile(ResultSet rs) throws SQLException {
        return new UserProfile(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
                UserType.valueOf(rs.getString("user_type")), Jdbc.nullableLong(rs, "manager_id"),
                Instant.ofEpochMilli(rs.getLong("created_at")), limits(rs));
    }

    private static ResourceLimits limits(ResultSet rs) throws SQLException {
        return new ResourceLimits(Jdbc.nullableLong(rs, "max_accounts"), Jdbc.nullableLong(rs, "max_instances"),
                Jdbc.nullableLong(rs, "max_ebs_gib"), Jdbc.nullableLong(rs, "max_rds_gib"),
                Jdbc.nullableLong(rs, "max_redshift_clusters"), Jdbc.nullableLong(rs, "max_dynamodb_gib"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Long millis = Jdbc.nullableLong(rs, column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
