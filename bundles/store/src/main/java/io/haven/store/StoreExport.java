package io.haven.store;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A consistent logical export of every Haven table, and its import into an empty (or fresh) database of the same
 * schema version, on Derby or PostgreSQL in either direction (the {@code cpmdata} self-backup, decision 0042).
 *
 * <p>The export reads all tables in one read-only transaction: on PostgreSQL at {@code REPEATABLE READ}, a snapshot
 * that blocks nobody; on Derby, which has no snapshots, at {@code SERIALIZABLE}, so that writers wait the few
 * seconds the export takes and what is read is one state of the database. The format is a plain typed stream
 * (magic, schema version, then each table with its column names and rows), independent of the database product.
 *
 * <p>The import replaces every row of every table in one transaction, in the order of the foreign keys, and moves
 * each identity column past its largest imported value, so that new rows get new ids.
 */
public final class StoreExport {

    static final String MAGIC = "HAVEN-STORE-EXPORT-1";

    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte BOOLEAN = 2;
    private static final byte TEXT = 3;
    private static final byte BYTES = 4;
    private static final byte DECIMAL = 5;

    private static final byte ROW = 1;
    private static final byte END = 0;

    private StoreExport() {
    }

    /** What an export says about itself. */
    public record Summary(int schemaVersion, int tables, long rows) {
    }

    /** Writes every table of the database to {@code out} (not closed). */
    public static Summary export(DataSource dataSource, OutputStream out) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            connection.setAutoCommit(false);
            boolean derby = connection.getMetaData().getDatabaseProductName().contains("Derby");
            connection.setTransactionIsolation(derby ? Connection.TRANSACTION_SERIALIZABLE
                    : Connection.TRANSACTION_REPEATABLE_READ);
            try {
                if (!derby) {
                    try (Statement s = connection.createStatement()) {
                        s.execute("SET TRANSACTION READ ONLY");
                    }
                }
                return write(connection, new DataOutputStream(out));
            } finally {
                connection.rollback(); // nothing was written
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot export the database: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException("Cannot write the database export: " + e.getMessage(), e);
        }
    }

    /** The schema version an export was made at, read from its head; the stream is consumed. */
    public static int schemaVersionOf(InputStream in) {
        try {
            DataInputStream data = new DataInputStream(in);
            readHead(data);
            return data.readInt();
        } catch (IOException e) {
            throw new StoreException("Not a Haven database export: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces all rows of the database with the export's, in one transaction. The database must be at the export's
     * schema version (see {@link Database#migrate(int)}); nothing changes when it is not or the import fails.
     */
    public static Summary importAll(DataSource dataSource, InputStream in) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                Summary summary = read(connection, new DataInputStream(in));
                connection.commit();
                return summary;
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot import the database export: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException("Cannot read the database export: " + e.getMessage(), e);
        }
    }

    /**
     * {@link #importAll(DataSource, InputStream)} into a store's database: the id blocks the store reserved before
     * belong to the replaced rows, so they are left (decision 0058).
     */
    public static Summary importAll(Database database, InputStream in) {
        try {
            return importAll(database.dataSource(), in);
        } finally {
            database.forgetReservedIds();
        }
    }

    private static Summary write(Connection connection, DataOutputStream out) throws SQLException, IOException {
        int version = schemaVersion(connection);
        List<String> tables = tablesInOrder(connection);
        out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
        out.writeInt(version);
        out.writeInt(tables.size());
        long rows = 0;
        for (String table : tables) {
            List<String> keys = primaryKey(connection, table);
            String order = keys.isEmpty() ? "" : " ORDER BY " + String.join(", ", keys);
            try (Statement s = connection.createStatement()) {
                s.setFetchSize(500);
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + order)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    int columns = meta.getColumnCount();
                    writeText(out, table);
                    out.writeInt(columns);
                    byte[] kinds = new byte[columns];
                    for (int c = 1; c <= columns; c++) {
                        writeText(out, meta.getColumnName(c).toLowerCase(Locale.ROOT));
                        kinds[c - 1] = kindOf(meta.getColumnType(c));
                    }
                    while (rs.next()) {
                        out.writeByte(ROW);
                        for (int c = 1; c <= columns; c++) {
                            writeValue(out, rs, c, kinds[c - 1]);
                        }
                        rows++;
                    }
                    out.writeByte(END);
                }
            }
        }
        out.flush();
        return new Summary(version, tables.size(), rows);
    }

    private static Summary read(Connection connection, DataInputStream in) throws SQLException, IOException {
        readHead(in);
        int version = in.readInt();
        int current = schemaVersion(connection);
        if (version != current) {
            throw new StoreException("The export is of schema version " + version + ", the database is at " + current,
                    null);
        }
        List<String> tables = tablesInOrder(connection);
        Set<String> known = new LinkedHashSet<>(tables);
        // Emptied children first, so that no foreign key is left pointing nowhere.
        for (int i = tables.size() - 1; i >= 0; i--) {
            try (Statement s = connection.createStatement()) {
                s.executeUpdate("DELETE FROM " + tables.get(i));
            }
        }
        int count = in.readInt();
        long rows = 0;
        for (int t = 0; t < count; t++) {
            String table = readText(in);
            if (!known.contains(table)) {
                throw new StoreException("The export holds table " + table + ", which this database does not have",
                        null);
            }
            int columns = in.readInt();
            List<String> names = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                names.add(readText(in));
            }
            Map<String, Integer> types = columnTypes(connection, table);
            String sql = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")";
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                int batch = 0;
                while (in.readByte() == ROW) {
                    for (int c = 0; c < columns; c++) {
                        bind(insert, c + 1, in, types.getOrDefault(names.get(c), Types.VARCHAR));
                    }
                    insert.addBatch();
                    rows++;
                    if (++batch == 500) {
                        insert.executeBatch();
                        batch = 0;
                    }
                }
                if (batch > 0) {
                    insert.executeBatch();
                }
            }
        }
        boolean derby = connection.getMetaData().getDatabaseProductName().contains("Derby");
        for (String table : tables) {
            for (String column : identityColumns(connection, table)) {
                restartIdentity(connection, derby, table, column);
            }
        }
        return new Summary(version, count, rows);
    }

    private static void readHead(DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length()];
        in.readFully(magic);
        if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new IOException("Not a Haven database export");
        }
    }

    static int schemaVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Haven's tables but schema_version, lower case, parents before the tables whose foreign keys name them. */
    static List<String> tablesInOrder(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String schema = connection.getSchema();
        List<String> all = new ArrayList<>();
        try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!name.equals("schema_version")) {
                    all.add(name);
                }
            }
        }
        java.util.Collections.sort(all);
        Map<String, Set<String>> parents = new HashMap<>();
        for (String table : all) {
            Set<String> of = new LinkedHashSet<>();
            try (ResultSet rs = meta.getImportedKeys(null, schema, stored(meta, table))) {
                while (rs.next()) {
                    String parent = rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!parent.equals(table)) {
                        of.add(parent);
                    }
                }
            }
            parents.put(table, of);
        }
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (ordered.size() < all.size()) {
            boolean progress = false;
            for (String table : all) {
                if (!placed.contains(table) && placed.containsAll(parents.get(table).stream()
                        .filter(all::contains).toList())) {
                    ordered.add(table);
                    placed.add(table);
                    progress = true;
                }
            }
            if (!progress) {
                throw new StoreException("The tables' foreign keys form a cycle: " + parents, null);
            }
        }
        return ordered;
    }

    /** The name as the catalogue keeps it: upper case on Derby, lower case on PostgreSQL. */
    private static String stored(DatabaseMetaData meta, String table) throws SQLException {
        return meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
    }

    private static List<String> primaryKey(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        Map<Short, String> keys = new java.util.TreeMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(null, connection.getSchema(), stored(meta, table))) {
            while (rs.next()) {
                keys.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return new ArrayList<>(keys.values());
    }

    private static Map<String, Integer> columnTypes(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        Map<String, Integer> types = new LinkedHashMap<>();
        try (ResultSet rs = meta.getColumns(null, connection.getSchema(), stored(meta, table), "%")) {
            while (rs.next()) {
                types.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), rs.getInt("DATA_TYPE"));
            }
        }
        return types;
    }

    private static List<String> identityColumns(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = meta.getColumns(null, connection.getSchema(), stored(meta, table), "%")) {
            while (rs.next()) {
                if ("YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"))) {
                    columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return columns;
    }

    private static void restartIdentity(Connection connection, boolean derby, String table, String column)
            throws SQLException {
        long max;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(" + column + ") FROM " + table)) {
            rs.next();
            max = rs.getLong(1);
            if (rs.wasNull()) {
                return; // nothing imported: the identity starts where it was
            }
        }
        try (Statement s = connection.createStatement()) {
            if (derby) {
                s.execute("ALTER TABLE " + table + " ALTER COLUMN " + column + " RESTART WITH " + (max + 1));
            } else {
                s.execute("SELECT setval(pg_get_serial_sequence('" + table + "', '" + column + "'), " + max + ")");
            }
        }
    }

    private static byte kindOf(int sqlType) {
        return switch (sqlType) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> LONG;
            case Types.BOOLEAN, Types.BIT -> BOOLEAN;
            case Types.BLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> BYTES;
            case Types.DECIMAL, Types.NUMERIC, Types.DOUBLE, Types.FLOAT, Types.REAL -> DECIMAL;
            default -> TEXT;
        };
    }

    private static void writeValue(DataOutputStream out, ResultSet rs, int column, byte kind)
            throws SQLException, IOException {
        switch (kind) {
            case LONG -> {
                long value = rs.getLong(column);
                if (rs.wasNull()) {
                    out.writeByte(NULL);
                } else {
                    out.writeByte(LONG);
                    out.writeLong(value);
                }
            }
            case BOOLEAN -> {
                boolean value = rs.getBoolean(column);
                if (rs.wasNull()) {
                    out.writeByte(NULL);
                } else {
                    out.writeByte(BOOLEAN);
                    out.writeBoolean(value);
                }
            }
            case BYTES -> {
                byte[] value = rs.getBytes(column);
                if (value == null) {
                    out.writeByte(NULL);
                } else {
                    out.writeByte(BYTES);
                    out.writeInt(value.length);
                    out.write(value);
                }
            }
            case DECIMAL -> {
                BigDecimal value = rs.getBigDecimal(column);
                if (value == null) {
                    out.writeByte(NULL);
                } else {
                    out.writeByte(DECIMAL);
                    writeText(out, value.toPlainString());
                }
            }
            default -> {
                String value = rs.getString(column);
                if (value == null) {
                    out.writeByte(NULL);
                } else {
                    out.writeByte(TEXT);
                    writeText(out, value);
                }
            }
        }
    }

    private static void bind(PreparedStatement insert, int index, DataInputStream in, int columnType)
            throws SQLException, IOException {
        byte kind = in.readByte();
        switch (kind) {
            case NULL -> insert.setNull(index, columnType);
            case LONG -> insert.setLong(index, in.readLong());
            case BOOLEAN -> insert.setBoolean(index, in.readBoolean());
            case BYTES -> {
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                insert.setBytes(index, value);
            }
            case DECIMAL -> insert.setBigDecimal(index, new BigDecimal(readText(in)));
            case TEXT -> insert.setString(index, readText(in));
            default -> throw new IOException("Unknown value kind " + kind + " in the export");
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 64 * 1024 * 1024) {
            throw new IOException("A text of " + length + " bytes in the export");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
