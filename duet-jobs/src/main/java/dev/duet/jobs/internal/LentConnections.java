package dev.duet.jobs.internal;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A DataSource for db-scheduler that hands out the connection Duet lent for the current call
 * ({@code Database.withConnection}: the transaction's, when there is one), so that db-scheduler's
 * writes join that transaction: an enqueue joins the app's, a job's end joins the write of its
 * outcome. db-scheduler closes what it gets, and commits when it finds autocommit off, so it gets
 * a view whose {@code close()}, {@code commit()}, {@code rollback()} and {@code setAutoCommit()}
 * do nothing: the connection and its transaction are Duet's. Outside a lending, it is the pool.
 */
public final class LentConnections implements DataSource {
    private final ScopedValue<Connection> lent = ScopedValue.newInstance();
    private final DataSource pool;

    public LentConnections(DataSource pool) {
        this.pool = pool;
    }

    /** Runs {@code work} with {@code connection} as the one this DataSource hands out. */
    public <T> T lending(Connection connection, Supplier<T> work) {
        return ScopedValue.where(lent, unclosable(connection)).call(work::get);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return lent.isBound() ? lent.get() : pool.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }

    // A dynamic proxy rather than a hand-written delegate of Connection's sixty-odd methods: only a
    // few differ, and the JDK's Connection grows methods over releases.
    private static Connection unclosable(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close", "commit", "setAutoCommit" -> null;
                    case "rollback" -> {
                        if (args != null) yield method.invoke(c, args);   // to a savepoint: not the transaction's end
                        yield null;
                    }
                    case "isClosed" -> c.isClosed();
                    case "unwrap" -> ((Class<?>) args[0]).isInstance(proxy) ? proxy : c.unwrap((Class<?>) args[0]);
                    default -> {
                        try {
                            yield method.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
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
        if (iface.isInstance(this)) return iface.cast(this);
        return pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}
