package dev.cantila.webhooks.testing;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, migrated database per call: H2 in memory in PostgreSQL mode, or, when the integration tier runs with
 * {@code -Dcantila.it.db.url=jdbc:postgresql:…}, a new schema on that server (as the engine's TestApps does).
 * Two {@code Webhooks} built on the same returned {@link DataSource} share one database, like two engine instances.
 */
public final class TestDatabase {
    private TestDatabase() {
    }

    public static DataSource fresh() {
        String pg = System.getProperty("cantila.it.db.url", "");
        DataSource ds = pg.isBlank() ? h2() : postgres(pg);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return ds;
    }

    private static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        return ds;
    }

    /** Creates an empty schema on the PostgreSQL server at {@code url}; returns the URL that selects it. */
    public static String newSchema(String url, String user, String password) {
        String schema = "t" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema on " + url, e);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static DataSource postgres(String url) {
        String user = System.getProperty("cantila.it.db.user", "");
        String password = System.getProperty("cantila.it.db.password", "");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(newSchema(url, user, password));
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }
}
