package io.haven.store;

import io.haven.api.auth.IdentityProviderSettings;
import io.haven.api.model.DelegatePermissions;
import io.haven.api.model.ResourceLimits;
import io.haven.api.model.UserGroup;
import io.haven.api.model.UserType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The identity provider settings (one row) and Haven's groups for its users (guide 17.2, 17.3). */
public class IdentityProviderRepository {

    private final Database db;

    IdentityProviderRepository(Database db) {
        this.db = db;
    }

    /** The stored settings, with the client secret as stored (encrypted); empty before root saved any. */
    public Optional<IdentityProviderSettings> settings() {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM identity_provider WHERE id = 1",
                rs -> new IdentityProviderSettings(rs.getBoolean("enabled"), rs.getString("protocol"),
                        rs.getString("haven_address"), rs.getString("entity_id"), rs.getString("sign_in_url"),
                        rs.getString("sign_out_url"), rs.getString("name_id_format"), rs.getString("certificate_pem"),
                        rs.getString("client_id"), rs.getString("client_secret_cipher"), rs.getBoolean("sign_requests"),
                        rs.getBoolean("require_encrypted_assertions"), null)));
    }

    /** Haven's own key as a service provider, as stored: the private key encrypted, the certificate PEM. */
    public record StoredKey(String keyCipher, String certificatePem) {
        @Override
        public String toString() {
            return "StoredKey[certificatePem=" + certificatePem + "]";
        }
    }

    /** Haven's stored service provider key; empty before one was made (or before root saved any settings). */
    public Optional<StoredKey> serviceProviderKey() {
        return db.read(jdbc -> jdbc.queryOne("SELECT sp_key_cipher, sp_certificate_pem FROM identity_provider "
                + "WHERE id = 1 AND sp_key_cipher IS NOT NULL", rs -> new StoredKey(rs.getString("sp_key_cipher"),
                rs.getString("sp_certificate_pem"))));
    }

    /**
     * Stores Haven's service provider key unless one is stored already (another node may have made one at the same
     * time: the first wins, and everybody reads it). False when the settings row is missing or a key was there.
     */
    public boolean saveServiceProviderKeyIfNone(String keyCipher, String certificatePem) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE identity_provider SET sp_key_cipher = ?, sp_certificate_pem = ? "
                + "WHERE id = 1 AND sp_key_cipher IS NULL", keyCipher, certificatePem)) == 1;
    }

    /** The key Haven's current one replaced, kept until {@code until} (epoch ms) to decrypt what was encrypted for it. */
    public record PreviousKey(String keyCipher, String certificatePem, long until) {
        @Override
        public String toString() {
            return "PreviousKey[certificatePem=" + certificatePem + ", until=" + until + "]";
        }
    }

    /** The previous service provider key while it is kept (decision 0048); empty when there is none. */
    public Optional<PreviousKey> previousServiceProviderKey() {
        return db.read(jdbc -> jdbc.queryOne("SELECT sp_previous_key_cipher, sp_previous_certificate_pem, "
                + "sp_previous_until FROM identity_provider WHERE id = 1 AND sp_previous_key_cipher IS NOT NULL",
                rs -> new PreviousKey(rs.getString("sp_previous_key_cipher"), rs.getString("sp_previous_certificate_pem"),
                        rs.getLong("sp_previous_until"))));
    }

    /**
     * Makes a new key the current one and keeps the current one as the previous until {@code previousUntil}, provided
     * the current one is still {@code currentCipher} and no previous key is kept (another node may have rolled the key
     * over meanwhile: then nothing changes and this is false).
     */
    public boolean rollOverServiceProviderKey(String currentCipher, String keyCipher, String certificatePem,
                                              long previousUntil) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE identity_provider SET sp_previous_key_cipher = sp_key_cipher, "
                + "sp_previous_certificate_pem = sp_certificate_pem, sp_previous_until = ?, sp_key_cipher = ?, "
                + "sp_certificate_pem = ? WHERE id = 1 AND sp_key_cipher = ? AND sp_previous_key_cipher IS NULL",
                previousUntil, keyCipher, certificatePem, currentCipher)) == 1;
    }

    /** Deletes the previous key if it is kept no later than {@code keptUntil} (epoch ms); false when none such was. */
    public boolean deletePreviousServiceProviderKey(long keptUntil) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE identity_provider SET sp_previous_key_cipher = NULL, "
                + "sp_previous_certificate_pem = NULL, sp_previous_until = NULL WHERE id = 1 "
                + "AND sp_previous_key_cipher IS NOT NULL AND sp_previous_until <= ?", keptUntil)) == 1;
    }

    /** Stores the settings (not Haven's service provider key, which is kept); their client secret must be encrypted already. */
    public void saveSettings(IdentityProviderSettings s, long now) {
        db.inTransaction(jdbc -> {
            Object[] values = {s.enabled(), s.protocol(), s.havenAddress(), s.entityId(), s.signInUrl(), s.signOutUrl(),
                    s.nameIdFormat(), s.certificatePem(), s.clientId(), s.clientSecret(), s.signRequests(),
                    s.requireEncryptedAssertions(), now};
            int updated = jdbc.update("UPDATE identity_provider SET enabled = ?, protocol = ?, haven_address = ?, "
                    + "entity_id = ?, sign_in_url = ?, sign_out_url = ?, name_id_format = ?, certificate_pem = ?, "
                    + "client_id = ?, client_secret_cipher = ?, sign_requests = ?, require_encrypted_assertions = ?, "
                    + "updated_at = ? WHERE id = 1", values);
            if (updated == 0) {
                jdbc.update("INSERT INTO identity_provider (enabled, protocol, haven_address, entity_id, sign_in_url, "
                        + "sign_out_url, name_id_format, certificate_pem, client_id, client_secret_cipher, sign_requests, "
                        + "require_encrypted_assertions, updated_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                        values);
            }
            return null;
        });
    }

    /** Every group, built-in ones first, then by name. */
    public List<UserGroup> groups() {
        return db.read(jdbc -> jdbc.query("SELECT * FROM user_group ORDER BY built_in DESC, name",
                IdentityProviderRepository::group));
    }

    public Optional<UserGroup> group(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM user_group WHERE id = ?", IdentityProviderRepository::group, id));
    }

    /** The group of that name, whatever its case: identity providers such as AD treat group names so. */
    public Optional<UserGroup> groupNamed(String name) {
        return db.read(jdbc -> jdbc.queryOne("SELECT * FROM user_group WHERE LOWER(name) = ?",
                IdentityProviderRepository::group, name.toLowerCase(java.util.Locale.ROOT)));
    }

    public long insertGroup(UserGroup g, long now) {
        ResourceLimits l = g.limits();
        return db.inTransaction(jdbc -> jdbc.insert("INSERT INTO user_group (name, built_in, enabled, user_type, "
                + "file_level_recovery, max_accounts, max_instances, max_ebs_gib, max_rds_gib, max_redshift_clusters, "
                + "max_dynamodb_gib, original_username, may_recover, may_change_accounts, may_change_backups, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", g.name(), false, g.enabled(), g.type(),
                g.fileLevelRecovery(), l.maxAccounts(), l.maxInstances(), l.maxEbsGiB(), l.maxRdsGiB(),
                l.maxRedshiftClusters(), l.maxDynamoDbGiB(), g.originalUsername(), g.permissions().recover(),
                g.permissions().changeAccounts(), g.permissions().changeBackups(), now));
    }

    /** Changes a group that is not built in; false when there is none such. */
    public boolean updateGroup(UserGroup g) {
        ResourceLimits l = g.limits();
        return db.inTransaction(jdbc -> jdbc.update("UPDATE user_group SET enabled = ?, user_type = ?, "
                + "file_level_recovery = ?, max_accounts = ?, max_instances = ?, max_ebs_gib = ?, max_rds_gib = ?, "
                + "max_redshift_clusters = ?, max_dynamodb_gib = ?, original_username = ?, may_recover = ?, "
                + "may_change_accounts = ?, may_change_backups = ? WHERE id = ? AND built_in = ?", g.enabled(), g.type(),
                g.fileLevelRecovery(), l.maxAccounts(), l.maxInstances(), l.maxEbsGiB(), l.maxRdsGiB(),
                l.maxRedshiftClusters(), l.maxDynamoDbGiB(), g.originalUsername(), g.permissions().recover(),
                g.permissions().changeAccounts(), g.permissions().changeBackups(), g.id(), false)) == 1;
    }

    /** Deletes a group that is not built in; false when there is none such. */
    public boolean deleteGroup(long id) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM user_group WHERE id = ? AND built_in = ?", id, false)) == 1;
    }

    private static UserGroup group(ResultSet rs) throws SQLException {
        return new UserGroup(rs.getLong("id"), rs.getString("name"), rs.getBoolean("built_in"), rs.getBoolean("enabled"),
                UserType.valueOf(rs.getString("user_type")), rs.getBoolean("file_level_recovery"),
                UserRepository.limits(rs), rs.getString("original_username"),
                new DelegatePermissions(rs.getBoolean("may_recover"), rs.getBoolean("may_change_accounts"),
                        rs.getBoolean("may_change_backups")));
    }
}
