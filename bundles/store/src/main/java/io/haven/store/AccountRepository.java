package io.haven.store;

import io.haven.api.model.Account;
import io.haven.api.model.AuthMethod;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** AWS accounts. The secret key is stored only as the cipher text core hands in. */
public class AccountRepository {

    /** An account row with its encrypted secret, for core's credential building only. */
    public record StoredAccount(Account account, String secretCipher) {
    }

    private static final String COLUMNS = "id, name, auth_method, aws_account_id, access_key_id, secret_cipher, "
            + "via_account_id, role_account, role_name, external_id, endpoint, created_at, scan_resources, account_type, allow_deleting";

    private final Database db;

    AccountRepository(Database db) {
        this.db = db;
    }

    public List<Account> list() {
        return db.read(jdbc -> jdbc.query("SELECT " + COLUMNS + " FROM account ORDER BY id", rs -> map(rs).account()));
    }

    public Optional<StoredAccount> get(long id) {
        return db.read(jdbc -> jdbc.queryOne("SELECT " + COLUMNS + " FROM account WHERE id = ?", AccountRepository::map, id));
    }

    public Optional<StoredAccount> byName(String name) {
        return db.read(jdbc -> jdbc.queryOne("SELECT " + COLUMNS + " FROM account WHERE name = ?", AccountRepository::map, name));
    }

    /** Inserts an account owned by root. */
    public Account insert(Account a, String secretCipher) {
        return insert(null, a, secretCipher);
    }

    /** Inserts an account owned by a user (null: root). */
    public Account insert(Long ownerId, Account a, String secretCipher) {
        long id = db.inTransaction(jdbc -> jdbc.insert("INSERT INTO account (name, auth_method, aws_account_id, "
                        + "access_key_id, secret_cipher, via_account_id, role_account, role_name, external_id, endpoint, "
                        + "created_at, account_type, allow_deleting, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + OwnerRepository.OWNER_OR_ROOT + ")",
                a.name(), a.authMethod(), a.awsAccountId(), a.accessKeyId(), secretCipher, a.viaAccountId(),
                a.roleAccountNumber(), a.roleName(), a.externalId(), a.endpoint(), a.created().toEpochMilli(),
                a.type().name(), a.allowDeletingSnapshots(), ownerId));
        return get(id).orElseThrow().account();
    }

    /** Renames an account. */
    public boolean rename(long id, String name) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE account SET name = ? WHERE id = ?", name, id)) > 0;
    }

    /** Replaces an account's name and how Haven signs in to it; its AWS account, type, owner and settings stay. */
    public boolean updateSignIn(long id, Account a, String secretCipher) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE account SET name = ?, auth_method = ?, access_key_id = ?, "
                        + "secret_cipher = ?, via_account_id = ?, role_account = ?, role_name = ?, external_id = ?, "
                        + "endpoint = ? WHERE id = ?", a.name(), a.authMethod(), a.accessKeyId(), secretCipher,
                a.viaAccountId(), a.roleAccountNumber(), a.roleName(), a.externalId(), a.endpoint(), id)) > 0;
    }

    /** Turns "Scan Resources" (guide 13) on or off. */
    public boolean setScanResources(long id, boolean scanResources) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE account SET scan_resources = ? WHERE id = ?", scanResources,
                id)) > 0;
    }

    /** Turns "Allow deleting snapshots" of a DR account (guide 3.2.1) on or off. */
    public boolean setAllowDeleting(long id, boolean allow) {
        return db.inTransaction(jdbc -> jdbc.update("UPDATE account SET allow_deleting = ? WHERE id = ?", allow, id)) > 0;
    }

    public boolean delete(long id) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM account WHERE id = ?", id)) > 0;
    }

    /** Names of what still refers to the account: policies and accounts that assume roles through it. */
    public List<String> dependents(long id) {
        return db.read(jdbc -> {
            List<String> names = new java.util.ArrayList<>(
                    jdbc.query("SELECT name FROM policy WHERE account_id = ?", rs -> "policy " + rs.getString(1), id));
            names.addAll(jdbc.query("SELECT name FROM account WHERE via_account_id = ?",
                    rs -> "account " + rs.getString(1), id));
            names.addAll(jdbc.query("SELECT name FROM policy WHERE dr_account_id = ?",
                    rs -> "policy " + rs.getString(1) + " (its DR account)", id));
            names.addAll(jdbc.query("SELECT DISTINCT b.policy_name FROM backup_copy c JOIN backup b ON b.id = c.backup_id "
                    + "WHERE c.account_id = ? AND c.cross_account = TRUE AND c.state <> 'DELETED'",
                    rs -> "DR copies of policy " + rs.getString(1), id));
            return names;
        });
    }

    private static StoredAccount map(ResultSet rs) throws SQLException {
        Account account = new Account(rs.getLong("id"), rs.getString("name"),
                AuthMethod.valueOf(rs.getString("auth_method")), rs.getString("aws_account_id"),
                rs.getString("access_key_id"), Jdbc.nullableLong(rs, "via_account_id"), rs.getString("role_account"),
                rs.getString("role_name"), rs.getString("external_id"), rs.getString("endpoint"),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getBoolean("scan_resources"),
                io.haven.api.model.AccountType.valueOf(rs.getString("account_type")), rs.getBoolean("allow_deleting"));
        return new StoredAccount(account, rs.getString("secret_cipher"));
    }
}
