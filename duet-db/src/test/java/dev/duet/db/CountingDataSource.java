package dev.duet.db;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test helper: wraps a DataSource so every connection borrowed through it and every statement
 * executed is counted (and its SQL kept), and statements can be held at a barrier.
 */
final class CountingDataSource {
    final AtomicLong statements = new AtomicLong();
    final AtomicLong borrowed = new AtomicLong();
    /** Statements prepared ({@code prepareStatement} calls), and statements closed through this wrapper. */
    final AtomicLong prepared = new AtomicLong();
    final AtomicLong closed = new AtomicLong();
    final List<String> sql = new CopyOnWriteArrayList<>();
    volatile boolean recording;
    /** While set, each statement whose SQL contains {@link #holdSql} waits here before it runs. */
    private volatile java.util.concurrent.CyclicBarrier hold;
    private volatile String holdSql;
    /** While set, each statement whose SQL contains {@link #holdSql} takes this long. */
    private volatile java.time.Duration pause;

    DataSource wrap(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, m, args) -> {
                    Object r = invoke(target, m, args);
                    if (m.getName().equals("getConnection")) borrowed.incrementAndGet();
                    return r instanceof Connection c ? connection(c) : r;
                });
    }

    void reset() {
        statements.set(0);
        borrowed.set(0);
        prepared.set(0);
        closed.set(0);
        sql.clear();
        recording = true;
    }

    long count() {
        return statements.get();
    }

    /** Connections borrowed since the last {@link #reset}. */
    long borrows() {
        return borrowed.get();
    }

    /**
     * Until {@link #release}, each statement containing {@code sqlPart} waits until {@code parties}
     * of them are running at once (at most 5 s, then it fails): a proof that they overlap.
     */
    void holdUntilTogether(String sqlPart, int parties) {
        holdSql = sqlPart;
        hold = new java.util.concurrent.CyclicBarrier(parties);
    }

    /** Until {@link #release}, each statement containing {@code sqlPart} takes {@code pause} longer: a slow query. */
    void slowDown(String sqlPart, java.time.Duration pause) {
        holdSql = sqlPart;
        this.pause = pause;
    }

    void release() {
        hold = null;
        pause = null;
    }

    private Connection connection(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, m, args) -> {
                    Object r = invoke(c, m, args);
                    if (m.getName().equals("prepareStatement")) prepared.incrementAndGet();
                    if (r instanceof java.sql.PreparedStatement ps) return statement(ps, java.sql.PreparedStatement.class,
                            args != null && args.length > 0 ? String.valueOf(args[0]) : "?");
                    if (r instanceof Statement st) return statement(st, Statement.class, null);
                    return r;
                });
    }

    private <S extends Statement> S statement(S st, Class<S> type, String prepared) {
        InvocationHandler h = (proxy, m, args) -> {
            String name = m.getName();
            if (name.equals("close") && !st.isClosed()) closed.incrementAndGet();
            if (name.startsWith("execute")) {
                var barrier = hold;
                if (barrier != null && prepared != null && prepared.contains(holdSql)) {
                    barrier.await(5, java.util.concurrent.TimeUnit.SECONDS);
                }
                var slow = pause;
                if (slow != null && prepared != null && prepared.contains(holdSql)) Thread.sleep(slow);
                statements.incrementAndGet();
                if (recording) sql.add(prepared != null ? prepared : args != null && args.length > 0 ? String.valueOf(args[0]) : name);
            }
            return invoke(st, m, args);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
