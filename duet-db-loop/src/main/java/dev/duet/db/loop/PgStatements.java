package dev.duet.db.loop;

import dev.duet.db.internal.Param;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Tuple;

import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** What JDBC's statements become for Vert.x's PostgreSQL client: numbered parameters, a tuple of values, errors by SQLSTATE. */
final class PgStatements {
    private PgStatements() {
    }

    /**
     * {@code sql} with JDBC's {@code ?} placeholders numbered as PostgreSQL's own ({@code $1},
     * {@code $2}...); a {@code ?} inside a string literal, a quoted name or a comment is left as it
     * is. The ORM's statements are the only ones passed here (raw SQL stays on JDBC).
     */
    static String numbered(String sql) {
        int first = sql.indexOf('?');
        if (first < 0) return sql;
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int n = 0;
        int len = sql.length();
        for (int i = 0; i < len; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < len) {
                    if (sql.charAt(end) == c) {
                        if (end + 1 < len && sql.charAt(end + 1) == c) end += 2; // a doubled quote is a quote
                        else break;
                    } else {
                        end++;
                    }
                }
                out.append(sql, i, Math.min(end + 1, len));
                i = end;
            } else if (c == '-' && i + 1 < len && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? len : end;
                out.append(sql, i, end);
                i = end - 1;
            } else if (c == '/' && i + 1 < len && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? len : end + 2;
                out.append(sql, i, end);
                i = end - 1;
            } else if (c == '?') {
                out.append('$').append(++n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The values of {@code params} as Vert.x's client binds them: each already its column's Java type. */
    static Tuple tuple(List<Param> params) {
        int n = params.size();
        if (n == 0) return Tuple.tuple();
        if (n == 1) return Tuple.of(value(params.getFirst()));
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) values[i] = value(params.get(i));
        return Tuple.wrap(values);
    }

    private static Object value(Param p) {
        Object v = p.value();
        return switch (v) {
            case null -> null;
            case Enum<?> e -> e.name();
            case byte[] b -> Buffer.buffer(b);
            case Instant t -> t.atOffset(ZoneOffset.UTC);
            default -> v;
        };
    }

    /**
     * The client's failure as JDBC would have reported it: the server's error with its SQLSTATE
     * (and its detail, where the dialect finds the key that clashed), and anything else (a
     * refused or lost connection, a pool that timed out) as a connection failure (08006).
     */
    static SQLException sqlException(Throwable t) {
        if (t instanceof PgException pe) {
            StringBuilder m = new StringBuilder("ERROR: ").append(pe.getErrorMessage());
            if (pe.getDetail() != null) m.append("\n  Detail: ").append(pe.getDetail());
            return new SQLException(m.toString(), pe.getSqlState(), t);
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new SQLException(m, lostConnection(t) ? "08006" : null, t);
    }

    /** A connection refused, lost or not had in time, rather than a statement the client would not send. */
    private static boolean lostConnection(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.io.IOException || c instanceof io.vertx.sqlclient.ClosedConnectionException
                    || c instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            String name = c.getClass().getSimpleName();
            if (name.contains("Connect") || name.contains("Timeout")) return true;
        }
        return false;
    }
}
