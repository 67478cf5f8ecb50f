package io.haven.store;

import io.haven.api.model.ApiKey;
import io.haven.api.model.Delegate;
import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.Delegation;
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

    /** The user an API key belongs to, with what is needed to judge the key, and the key as it is listed. */
    public record KeyOwner(User user, long keyId, Long expiresAt, Long lastUsedAt, ApiKey key) {
    }

    /** Users are read with their principal, for delegates: {@code SELECT USER_COLUMNS FROM USERS WHERE u....}. */
    private static final String USERS = "app_user u LEFT JOIN app_user p ON p.id = u.delegate_of";
    private static final String USER_COLUMNS = "u.*, p.username AS principal_name, p.user_type AS principal_type, "
            + "p.manager_id AS principal_manager";

    private final Database db;

    UserRepository(Database db) {
        this.db = db;
    }

    public long count() {
        return db.read(jdbc -> jdbc.count("SELECT COUNT(*) FROM app_user"));
    }

    public Optional<StoredUser> byUsername(String username) {
        return db.read(jdbc -> jdbc.queryOne("SELECT " + USER_COLUMNS + " FROM " + USERS + " WHERE u.username = ?",
                rs -> new StoredUser(user(rs), rs.getString("password_hash")), username));
    }

    public Optional<StoredUser> byId(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT " + USER_COLUMNS + " FROM " + USERS + " WHERE u.id = ?",
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

    /**
     * Creates a user the identity provider proved (guide 17): no password of its own ({@code passwordHash} is a marker
     * no password matches); a delegate when {@code principalId} is set.
     */
    public long insertFromIdentityProvider(String username, String passwordHash, UserType type, Long managerId,
                                           String email, ResourceLimits limits, Long principalId,
                                           DelegatePermissions permissions) {
        ResourceLimits l = limits == null ? ResourceLimits.UNLIMITED : limits;
        DelegatePermissions p = permissions == null ? DelegatePermissions.VIEW_ONLY : permissions;
        return db.inTransaction(jdbc -> jdbc.insert("INSERT INTO app_user (username, password_hash, is_root, user_type, "
                + "manager_id, email, created_at, max_accounts, max_instances, max_ebs_gib, max_rds_gib, "
                + "max_redshift_clusters, max_dynamodb_gib, delegate_of, may_recover, may_change_accounts, "
                + "may_change_backups, identity_provider) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                username, passwordHash, false, type, managerId, email, System.currentTimeMillis(), l.maxAccounts(),
                l.maxInstances(), l.maxEbsGiB(), l.maxRdsGiB(), l.maxRedshiftClusters(), l.maxDynamoDbGiB(), principalId,
                p.recover(), p.changeAccounts(), p.changeBackups(), true));
    }

    /** Whether the user signs in with the identity provider (and so has no password of its own). */
    public boolean fromIdentityProvider(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT identity_provider FROM app_user WHERE id = ?",
                rs -> rs.getBoolean(1), id)).orElse(false);
    }

    /** Brings a delegate the identity provider proved up to date with its claims at a sign-in. */
    public boolean updateDelegateFromIdentityProvider(long id, String email, DelegatePermissions permissions) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE app_user SET email = ?, may_recover = ?, "
                + "may_change_accounts = ?, may_change_backups = ? WHERE id = ? AND identity_provider = ?", email,
                permissions.recover(), permissions.changeAccounts(), permissions.changeBackups(), id, true)) == 1;
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
        return db.read(jdbc -> jdbc.query("SELECT * FROM app_user WHERE user_type <> ? ORDER BY id", UserRepository::profile,
                UserType.DELEGATE));
    }

    public Optional<UserProfile> profile(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM app_user WHERE id = ? AND user_type <> ?", UserRepository::profile,
                id, UserType.DELEGATE));
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
        return insertApiKey(userId, name, keyHash, created, expires, false, null);
    }

    /**
     * A new key of a user; {@code createdWith} is the key it was made with (null: none), whose revocation revokes it.
     */
    public ApiKey insertApiKey(long userId, String name, String keyHash, Instant created, Instant expires,
            boolean readOnly, Long createdWith) {
        long id = db.inTransaction(jdbc -> jdbc.insert("INSERT INTO api_key (user_id, name, key_hash, created_at, "
                + "expires_at, read_only, created_with) VALUES (?, ?, ?, ?, ?, ?, ?)", userId, name, keyHash,
                created.toEpochMilli(), expires == null ? null : expires.toEpochMilli(), readOnly, createdWith));
        return new ApiKey(id, name, Instant.ofEpochMilli(created.toEpochMilli()),
                expires == null ? null : Instant.ofEpochMilli(expires.toEpochMilli()), null, readOnly);
    }

    public Optional<User> byApiKeyHash(String keyHash) {
        return keyOwner(keyHash).map(KeyOwner::user);
    }

    public Optional<KeyOwner> keyOwner(String keyHash) {
        return db.read(jdbc -> jdbc.queryOne("SELECT " + USER_COLUMNS + ", k.id AS key_id, k.name AS key_name, "
                        + "k.created_at AS key_created_at, k.expires_at, k.last_used_at, k.read_only AS key_read_only "
                        + "FROM " + USERS + " JOIN api_key k ON k.user_id = u.id WHERE k.key_hash = ?",
                rs -> new KeyOwner(user(rs), rs.getLong("key_id"), Jdbc.nullableLong(rs, "expires_at"),
                        Jdbc.nullableLong(rs, "last_used_at"), new ApiKey(rs.getLong("key_id"), rs.getString("key_name"),
                        Instant.ofEpochMilli(rs.getLong("key_created_at")), instant(rs, "expires_at"),
                        instant(rs, "last_used_at"), rs.getBoolean("key_read_only"))), keyHash));
    }

    public List<ApiKey> apiKeys(long userId) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM api_key WHERE user_id = ? ORDER BY id", rs -> new ApiKey(
                rs.getLong("id"), rs.getString("name"), Instant.ofEpochMilli(rs.getLong("created_at")),
                instant(rs, "expires_at"), instant(rs, "last_used_at"), rs.getBoolean("read_only")), userId));
    }

    public void markApiKeyUsed(long keyId, Instant when) {
        db.inTransaction(jdbc -> jdbc.update("UPDATE api_key SET last_used_at = ? WHERE id = ?", when.toEpochMilli(), keyId));
    }

    /** Deletes one of the user's keys; false when the user has no key with that id. */
    public boolean deleteApiKey(long userId, long keyId) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM api_key WHERE id = ? AND user_id = ?", keyId, userId)) == 1;
    }

    /** A user with, for a delegate, its principal's name, type and manager (see {@link #USER_COLUMNS}). */
    private static User user(ResultSet rs) throws SQLException {
        UserType type = UserType.valueOf(rs.getString("user_type"));
        Delegation delegation = null;
        if (type == UserType.DELEGATE) {
            User principal = new User(rs.getLong("delegate_of"), rs.getString("principal_name"),
                    UserType.valueOf(rs.getString("principal_type")), Jdbc.nullableLong(rs, "principal_manager"));
            delegation = new Delegation(principal, permissions(rs));
        }
        return new User(rs.getLong("id"), rs.getString("username"), type, Jdbc.nullableLong(rs, "manager_id"), delegation);
    }

    private static DelegatePermissions permissions(ResultSet rs) throws SQLException {
        return new DelegatePermissions(rs.getBoolean("may_recover"), rs.getBoolean("may_change_accounts"),
                rs.getBoolean("may_change_backups"));
    }

    /** Creates a delegate of a user (guide 16.4). */
    public long insertDelegate(String username, String passwordHash, String email, long principalId,
                               DelegatePermissions permissions) {
        return db.inTransaction(jdbc -> jdbc.insert("INSERT INTO app_user (username, password_hash, is_root, user_type, "
                + "email, created_at, delegate_of, may_recover, may_change_accounts, may_change_backups) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", username, passwordHash, false, UserType.DELEGATE, email,
                System.currentTimeMillis(), principalId, permissions.recover(), permissions.changeAccounts(),
                permissions.changeBackups()));
    }

    /** The delegates of a user, by id. */
    public List<Delegate> delegatesOf(long principalId) {
        return db.read(jdbc -> jdbc.query("SELECT * FROM app_user WHERE delegate_of = ? ORDER BY id",
                UserRepository::delegate, principalId));
    }

    public Optional<Delegate> delegate(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM app_user WHERE id = ? AND user_type = ?",
                UserRepository::delegate, id, UserType.DELEGATE));
    }

    public boolean updateDelegate(long id, DelegatePermissions permissions) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE app_user SET may_recover = ?, may_change_accounts = ?, "
                + "may_change_backups = ? WHERE id = ? AND user_type = ?", permissions.recover(),
                permissions.changeAccounts(), permissions.changeBackups(), id, UserType.DELEGATE)) == 1;
    }

    /** Deletes a delegate with its API keys and second factor. */
    public boolean deleteDelegate(long id) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM app_user WHERE id = ? AND user_type = ?", id,
                UserType.DELEGATE)) == 1;
    }

    private static Delegate delegate(ResultSet rs) throws SQLException {
        return new Delegate(rs.getLong("id"), rs.getString("username"), rs.getString("email"), rs.getLong("delegate_of"),
                permissions(rs), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static UserProfile profile(ResultSet rs) throws SQLException {
        return new UserProfile(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
                UserType.valueOf(rs.getString("user_type")), Jdbc.nullableLong(rs, "manager_id"),
                Instant.ofEpochMilli(rs.getLong("created_at")), limits(rs));
    }

    static ResourceLimits limits(ResultSet rs) throws SQLException {
        return new ResourceLimits(Jdbc.nullableLong(rs, "max_accounts"), Jdbc.nullableLong(rs, "max_instances"),
                Jdbc.nullableLong(rs, "max_ebs_gib"), Jdbc.nullableLong(rs, "max_rds_gib"),
                Jdbc.nullableLong(rs, "max_redshift_clusters"), Jdbc.nullableLong(rs, "max_dynamodb_gib"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Long millis = Jdbc.nullableLong(rs, column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
