package dev.cantila.engine.storage;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Counts what the engine asks of its database: every statement executed (a JDBC batch counts once, as one round
 * trip) and every commit — an explicit {@code commit()}, or a statement run in auto-commit mode, which commits on
 * its own. Wraps the pool's {@link DataSource}, so the DbClient, the webhook outbox and the bulk paths are all
 * counted. The count is what {@code LeanWritePathIT} bounds per inbound message and what the inbound bench reports.
 *
 * <p>Thread-safe: two {@link LongAdder}s; the proxies add one reflective call per JDBC call, well under a
 * microsecond against a statement's tens of microseconds.
 */
public final class SqlCounter {
    /** Statements and commits since start (or since the counter was created). */
    public record Counts(long statements, long commits) {
        public Counts minus(Counts earlier) {
            return new Counts(statements - earlier.statements, commits - earlier.commits);
        }
    }

    private final LongAdder statements = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final Map<String, LongAdder> bySql = new ConcurrentHashMap<>();
    private volatile boolean tracing;

    public Counts counts() {
        return new Counts(statements.sum(), commits.sum());
    }

    /**
     * Starts (or stops and clears) counting executions per SQL text, for a diagnosis (tests, benches): the map
     * costs a lookup per statement, so it is off unless asked for.
     */
    public void trace(boolean on) {
        tracing = on;
        if (!on) {
            bySql.clear();
        }
    }

    /** Executions per SQL text since tracing started ({@code COMMIT} for explicit commits), most frequent first. */
    public Map<String, Long> traced() {
        Map<String, Long> out = new LinkedHashMap<>();
        bySql.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                .forEach(e -> out.put(e.getKey(), e.getValue().sum()));
        return out;
    }

    private void traceSql(String sql) {
        if (tracing) {
            bySql.computeIfAbsent(sql == null ? "?" : sql, k -> new LongAdder()).increment();
        }
    }

    DataSource wrap(DataSource pool) {
        return new CountingDataSource(pool);
    }

    private Connection connection(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                new Handler(c, c, null));
    }

    /**
     * One handler for a connection and for the statements it creates; {@code connection} decides auto-commit.
     * A statement run in auto-commit mode counts as a commit unless it is a query ({@code executeQuery}), which
     * has nothing to commit.
     */
    private final class Handler implements InvocationHandler {
        private final Object target;
        private final Connection connection;
        private final String sql;

        Handler(Object target, Connection connection, String sql) {
            this.target = target;
            this.connection = connection;
            this.sql = sql;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            boolean execute = target instanceof Statement && name.startsWith("execute");
            if (execute) {
                statements.increment();
                traceSql(sql != null ? sql : args != null && args.length > 0 && args[0] instanceof String q ? q : null);
                if (!name.equals("executeQuery") && connection.getAutoCommit()) {
                    commits.increment();
                }
            } else if (target == connection && name.equals("commit")) {
                commits.increment();
                traceSql("COMMIT");
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Statement s && !(target instanceof Statement)
                    && method.getReturnType().isInterface() && Statement.class.isAssignableFrom(method.getReturnType())) {
                return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[]{method.getReturnType()},
                        new Handler(s, connection, args != null && args.length > 0 && args[0] instanceof String q
                                ? q : null));
            }
            return result;
        }
    }

    private final class CountingDataSource implements DataSource {
        private final DataSource pool;

        CountingDataSource(DataSource pool) {
            this.pool = pool;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return connection(pool.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return connection(pool.getConnection(username, password));
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return iface.isInstance(pool) ? iface.cast(pool) : pool.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return iface.isInstance(pool) || pool.isWrapperFor(iface);
        }
    }
}
