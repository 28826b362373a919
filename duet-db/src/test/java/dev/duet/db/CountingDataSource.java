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

/** Test helper: wraps a DataSource so every statement executed through it is counted (and its SQL kept). */
final class CountingDataSource {
    final AtomicLong statements = new AtomicLong();
    final List<String> sql = new CopyOnWriteArrayList<>();
    volatile boolean recording;

    DataSource wrap(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, m, args) -> {
                    Object r = invoke(target, m, args);
                    return r instanceof Connection c ? connection(c) : r;
                });
    }

    void reset() {
        statements.set(0);
        sql.clear();
        recording = true;
    }

    long count() {
        return statements.get();
    }

    private Connection connection(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, m, args) -> {
                    Object r = invoke(c, m, args);
                    if (r instanceof java.sql.PreparedStatement ps) return statement(ps, java.sql.PreparedStatement.class,
                            args != null && args.length > 0 ? String.valueOf(args[0]) : "?");
                    if (r instanceof Statement st) return statement(st, Statement.class, null);
                    return r;
                });
    }

    private <S extends Statement> S statement(S st, Class<S> type, String prepared) {
        InvocationHandler h = (proxy, m, args) -> {
            String name = m.getName();
            if (name.startsWith("execute")) {
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
