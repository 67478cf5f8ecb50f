package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.testing.postgres.PostgresServer;
import java.sql.Connection;
import java.util.Collection;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;

/**
 * The distribution on PostgreSQL instead of the embedded Derby, configured as docs/configuration.md
 * says: the haven-postgresql feature and the data source settings, with its connection pool. A backup and a recovery go through
 * and land in PostgreSQL.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresIT extends HavenTestSupport {

    private static final String REGION = "us-east-1";

    @Override
    protected Option[] extraOptions() {
        PostgresServer postgres = DriverPostgres.get();
        String datasource = "etc/org.ops4j.datasource-haven.cfg";
        return new Option[] {
            editConfigurationFileExtend("etc/org.apache.karaf.features.cfg", "featuresBoot", "haven-postgresql"),
            editConfigurationFilePut(datasource, "osgi.jdbc.driver.name", "PostgreSQL JDBC Driver"),
            editConfigurationFilePut(datasource, "url", postgres.jdbcUrl(DriverPostgres.DATABASE)),
            editConfigurationFilePut(datasource, "user", PostgresServer.USER),
            editConfigurationFilePut(datasource, "pool", "dbcp2"),
            editConfigurationFilePut(datasource, "xa", "false"),
            editConfigurationFilePut(datasource, "pool.maxTotal", "32"),
            editConfigurationFilePut(datasource, "pool.maxIdle", "32"),
            editConfigurationFilePut(datasource, "pool.maxWaitMillis", "30000"),
            editConfigurationFilePut(datasource, "pool.testOnBorrow", "true"),
        };
    }

    @Test
    public void havenRunsItsBackupsAndRecoveriesOnPostgresql() throws Exception {
        HavenClient api = rest();
        Collection<ServiceReference<DataSource>> refs = bundleContext.getServiceReferences(DataSource.class,
                "(dataSourceName=haven)");
        assertEquals(1, refs.size());
        DataSource dataSource = bundleContext.getService(refs.iterator().next());
        try (Connection connection = dataSource.getConnection()) {
            assertEquals("PostgreSQL", connection.getMetaData().getDatabaseProductName());
        }
        // Pooled: a connection given back is handed out again, the same PostgreSQL backend (no new ~10 ms login)
        assertEquals("the same server process serves the next connection", backendOf(dataSource), backendOf(dataSource));

        String volume = Emulator.ec2(REGION).createVolume(r -> r.availabilityZone(REGION + "a").size(1)).volumeId();
        long policyId = api.post("/policies", Map.of("name", "on-postgres", "accountId", addEmulatorAccount(api),
                "generations", 2)).json().get("id").asLong();
        assertEquals(201, api.post("/policies/" + policyId + "/targets", Map.of("type", "ebs-volume", "region", REGION,
                "resourceId", volume)).status());
        JsonNode backup = runToEnd(api, policyId);
        assertEquals(backup.toString(), "SUCCESSFUL", backup.get("status").asText());
        long backupId = backup.get("id").asLong();

        HavenClient.Response recovery = api.post("/backups/" + backupId + "/recovery", Map.of("key", volume));
        assertEquals(recovery.body(), 202, recovery.status());
        long recoveryId = recovery.json().get("id").asLong();
        eventually("the recovery ends", java.time.Duration.ofSeconds(60),
                () -> !"IN_PROGRESS".equals(api.get("/recoveries/" + recoveryId).json().get("status").asText()));
        assertEquals("SUCCESSFUL", api.get("/recoveries/" + recoveryId).json().get("status").asText());

        try (Connection connection = dataSource.getConnection();
             var statement = connection.prepareStatement("SELECT status FROM recovery WHERE id = ?")) {
            statement.setLong(1, recoveryId);
            try (var rows = statement.executeQuery()) {
                rows.next();
                assertEquals("the record is in PostgreSQL", "SUCCESSFUL", rows.getString(1));
            }
        }
    }

    private static int backendOf(DataSource dataSource) throws java.sql.SQLException {
        try (Connection connection = dataSource.getConnection();
             var rows = connection.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
