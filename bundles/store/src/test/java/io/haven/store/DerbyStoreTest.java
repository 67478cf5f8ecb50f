package io.haven.store;

import java.util.UUID;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;

/** The store on embedded Derby, the default database. */
class DerbyStoreTest extends HavenStoreTest {

    @Override
    DataSource freshDataSource() {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        return dataSource;
    }
}
