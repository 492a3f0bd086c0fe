package dev.cantila.engine.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cantila.engine.config.Settings.DbSettings;
import dev.cantila.webhooks.storage.Jdbc;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The database: a HikariCP pool, Flyway migrations (run by {@link #migrate()}, called from {@code Main} at
 * start-up, never from a constructor) and a Helidon {@link DbClient} over the pool.
 *
 * <p>Repositories use the helpers here rather than raw {@code DbClient} streams, because a query's
 * {@link Stream} holds its connection until closed; {@link #list} and {@link #one} always close it.
 * SQL must run unchanged on H2 (in PostgreSQL mode, lower-case identifiers) and PostgreSQL.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final DataSource counted;
    private final SqlCounter counter;
    private final DbClient client;
    private final boolean postgres;
    private final Jdbc jdbc;

    private Database(HikariDataSource pool, DataSource counted, SqlCounter counter, DbClient client,
                     boolean postgres) {
        this.pool = pool;
        this.counted = counted;
        this.counter = counter;
        this.jdbc = new Jdbc(counted);
        this.client = client;
        this.postgres = postgres;
    }

    public static Database open(DbSettings settings) {
        H2Files.prepare(settings); // an H2 file an earlier Cantila wrote with H2 2.5.252 is converted first
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setPoolName("cantila");
        if (settings.isPostgres()) {
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the database at " + settings.url() + ": "
                    + rootMessage(e), e);
        }
        SqlCounter counter = new SqlCounter();
        DataSource counted = counter.wrap(pool);
        JdbcConnectionPool helidonPool = new JdbcConnectionPool() {
            @Override
            public Connection connection() {
                try {
                    return counted.getConnection();
                } catch (SQLException e) {
                    throw new IllegalStateException("no database connection from pool " + pool.getPoolName(), e);
                }
            }

            @Override
            public String dbType() {
                return settings.isPostgres() ? "postgresql" : "h2";
            }
        };
        DbClient client = JdbcClientBuilder.create().connectionPool(helidonPool).build();
        return new Database(pool, counted, counter, client, settings.isPostgres());
    }

    /** Applies pending migrations from {@code classpath:db/migration}. Safe to run from several instances. */
    public void migrate() {
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** For JDBC batch inserts (bulk sends), which DbClient has no API for. */
    public DataSource dataSource() {
        return counted;
    }

    /** Statements and commits the engine has run on this database since it opened (migrations not counted). */
    public SqlCounter.Counts sqlCounts() {
        return counter.counts();
    }

    public SqlCounter sqlCounter() {
        return counter;
    }

    /** Auto-commit execution: each statement on its own. */
    public DbExecute exec() {
        return client.execute();
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTx(Function<DbTransaction, T> work) {
        DbTransaction tx = client.transaction();
        T result;
        try {
            result = work.apply(tx);
        } catch (RuntimeException | Error e) {
            try {
                tx.rollback();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        tx.commit();
        return result;
    }

    /**
     * Runs {@code work} on one connection in one transaction: committed when it returns, rolled back when it
     * throws. For writes that must commit together with the webhook outbox, whose API takes a {@link Connection};
     * the transaction helper is the webhooks module's, over this pool.
     */
    public <T> T inJdbcTx(Jdbc.Work<T> work) {
        return jdbc.inTransaction(work);
    }

    /** One statement with positional parameters on {@code c}; the update count. */
    public static int update(Connection c, String sql, Object... params) throws SQLException {
        return Jdbc.update(c, sql, params);
    }

    /** The first row of a query on {@code c}, mapped with column name → value (null for SQL NULL). */
    public static <T> Optional<T> one(Connection c, String sql, Function<Function<String, Object>, T> mapper,
                                      Object... params) throws SQLException {
        return Jdbc.queryOne(c, sql, rs -> mapper.apply(column -> {
            try {
                return rs.getObject(column);
            } catch (SQLException e) {
                throw new IllegalStateException("no column " + column + " in " + sql, e);
            }
        }), params);
    }

    public static <T> List<T> list(DbExecute db, String sql, Function<DbRow, T> mapper, Object... params) {
        try (Stream<DbRow> rows = db.createQuery(sql).params(params).execute()) {
            return rows.map(mapper).toList();
        }
    }

    public static <T> Optional<T> one(DbExecute db, String sql, Function<DbRow, T> mapper, Object... params) {
        return db.createGet(sql).params(params).execute().map(mapper);
    }

    public static long update(DbExecute db, String sql, Object... params) {
        return db.createDmlStatement(sql).params(params).execute();
    }

    /** The column's value, or null for SQL NULL ({@code DbColumn.get()} throws on NULL). */
    public static Object value(DbRow row, String column) {
        return row.column(column).asOptional().orElse(null);
    }

    public static String str(DbRow row, String column) {
        Object v = value(row, column);
        return v == null ? null : v.toString();
    }

    public static long lng(DbRow row, String column) {
        Object v = value(row, column);
        return v == null ? 0L : ((Number) v).longValue();
    }

    public static Long nullableLong(DbRow row, String column) {
        Object v = value(row, column);
        return v == null ? null : ((Number) v).longValue();
    }

    public static int integer(DbRow row, String column) {
        return (int) lng(row, column);
    }

    public static boolean bool(DbRow row, String column) {
        Object v = value(row, column);
        return v instanceof Boolean b ? b : v != null && ((Number) v).intValue() != 0;
    }

    /** True when {@code e} (or a cause) is a unique/primary-key violation: SQLState 23505 on H2 and PostgreSQL. */
    /** {@code n} bind markers for an {@code IN (…)} list: {@code ?, ?, ?}. */
    public static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        client.close();
        pool.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
