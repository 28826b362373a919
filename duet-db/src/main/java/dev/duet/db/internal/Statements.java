package dev.duet.db.internal;

import dev.duet.db.internal.dialect.Codec;
import dev.duet.db.internal.dialect.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs statements on a connection the engine lends ({@code c}): binds their parameters, reads
 * their rows, batches, generated keys, and logs the SQL ({@code dev.duet.db.sql} at DEBUG). The
 * caller has already put the connection in a {@link dev.duet.Shield} (see
 * {@link CancellableConnection}), so cancelling the request cancels the statement.
 */
public final class Statements {
    private static final Logger sqlLog = LoggerFactory.getLogger("dev.duet.db.sql");

    private final Dialect dialect;
    private final Codec codec;

    Statements(Dialect dialect) {
        this.dialect = dialect;
        this.codec = dialect.codec();
    }

    /** Runs a SELECT of the ORM's and reads each row with {@code reader}, on a kept statement (see {@link CancellableConnection#prepareKept}). */
    public <R> List<R> query(CancellableConnection c, String sql, List<Param> params, RowReader<R> reader) throws SQLException {
        logSql(sql, params);
        PreparedStatement ps = c.prepareKept(sql);
        try {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                Columns row = Columns.of(rs);
                List<R> out = new ArrayList<>();
                while (rs.next()) out.add(reader.read(row));
                return out;
            }
        } catch (Throwable t) {
            c.discard(ps); // its state after a failure is unknown: not reused
            throw t;
        }
    }

    /** A SELECT whose row reader depends on the result's columns (raw SQL). */
    public <R> List<R> rawQuery(CancellableConnection c, String sql, List<Param> params, ReaderFactory<R> readers) throws SQLException {
        logSql(sql, params);
        try (PreparedStatement ps = c.prepare(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                RowReader<R> reader = readers.forColumns(rs.getMetaData());
                Columns row = Columns.of(rs);
                List<R> out = new ArrayList<>();
                while (rs.next()) out.add(reader.read(row));
                return out;
            }
        }
    }

    /** Makes a row reader once the result's columns are known. */
    @FunctionalInterface
    public interface ReaderFactory<R> {
        RowReader<R> forColumns(java.sql.ResultSetMetaData md) throws SQLException;
    }

    /** Runs an INSERT, UPDATE or DELETE of the ORM's, on a kept statement; the rows changed. */
    public int update(CancellableConnection c, String sql, List<Param> params) throws SQLException {
        logSql(sql, params);
        PreparedStatement ps = c.prepareKept(sql);
        try {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (Throwable t) {
            c.discard(ps);
            throw t;
        }
    }

    /**
     * Runs the app's own SQL (anything: DDL, a {@code SET}...) that changes rows, on a statement of
     * its own: such statements are not kept, so they never push the ORM's out.
     */
    public int rawUpdate(CancellableConnection c, String sql, List<Param> params) throws SQLException {
        logSql(sql, params);
        try (PreparedStatement ps = c.prepare(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /**
     * Runs an INSERT and returns the generated id ({@code id} column), read as the id's type:
     * {@code returning} ({@code sql} with {@code RETURNING id}) where the dialect has it, else
     * {@code sql} and JDBC's generated keys.
     */
    public Object insert(CancellableConnection c, String sql, String returning, List<Param> params, Col id) throws SQLException {
        if (dialect.insertReturning()) {
            logSql(returning, params);
            try (PreparedStatement ps = c.prepare(returning)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new SQLException("INSERT returned no id");
                    return codec.read(Columns.of(rs), 1, id);
                }
            }
        }
        logSql(sql, params);
        try (PreparedStatement ps = c.prepare(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, params);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                if (!rs.next()) throw new SQLException("INSERT returned no generated key");
                return id.normalize(rs.getLong(1));
            }
        }
    }

    /**
     * Runs an INSERT once per parameter list and returns the generated ids ({@code id} column), in
     * order: in JDBC batches of 1000 with the generated keys read back, or, on SQLite (in process,
     * no round trips to save), one {@code returning} statement per row on one prepared statement.
     */
    public List<Object> insertAll(CancellableConnection c, String sql, String returning, List<List<Param>> rows, Col id) throws SQLException {
        List<Object> ids = new ArrayList<>(rows.size());
        if (dialect.insertsRowByRow()) {
            logSql(returning, rows.getFirst());
            try (PreparedStatement ps = c.prepare(returning)) {
                for (List<Param> row : rows) {
                    bind(ps, row);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) throw new SQLException("INSERT returned no id");
                        ids.add(codec.read(Columns.of(rs), 1, id));
                    }
                }
            }
            return ids;
        }
        logSql(sql, rows.getFirst());
        try (PreparedStatement ps = dialect.insertReturning()
                ? c.prepare(sql, new String[] {id.column})
                : c.prepare(sql, Statement.RETURN_GENERATED_KEYS)) {
            int inBatch = 0;
            for (List<Param> row : rows) {
                bind(ps, row);
                ps.addBatch();
                if (++inBatch == 1000) {
                    ps.executeBatch();
                    generatedKeys(ps, id, ids);
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                ps.executeBatch();
                generatedKeys(ps, id, ids);
            }
        }
        if (ids.size() != rows.size()) {
            throw new SQLException("expected " + rows.size() + " generated ids from a batch insert, got " + ids.size());
        }
        return ids;
    }

    private static void generatedKeys(PreparedStatement ps, Col id, List<Object> into) throws SQLException {
        try (ResultSet rs = ps.getGeneratedKeys()) {
            while (rs.next()) into.add(id.normalize(rs.getLong(1)));
        }
    }

    /** Runs {@code sql} once per parameter list, in batches; the rows changed. */
    public int batch(CancellableConnection c, String sql, List<List<Param>> rows) throws SQLException {
        int total = 0;
        for (int n : batchCounts(c, sql, rows)) total += n >= 0 ? n : (n == Statement.SUCCESS_NO_INFO ? 1 : 0);
        return total;
    }

    /**
     * Runs {@code sql} once per parameter list, in JDBC batches of 1000, and returns each row's
     * update count as the driver reports it: {@link Statement#SUCCESS_NO_INFO} where it does not
     * say (MariaDB's bulk protocol).
     */
    public int[] batchCounts(CancellableConnection c, String sql, List<List<Param>> rows) throws SQLException {
        logSql(sql, rows.isEmpty() ? List.of() : rows.getFirst());
        int[] counts = new int[rows.size()];
        int done = 0;
        PreparedStatement ps = c.prepareKept(sql);
        try {
            int inBatch = 0;
            for (List<Param> row : rows) {
                bind(ps, row);
                ps.addBatch();
                if (++inBatch == 1000) {
                    done = collect(ps.executeBatch(), counts, done, inBatch);
                    inBatch = 0;
                }
            }
            if (inBatch > 0) collect(ps.executeBatch(), counts, done, inBatch);
        } catch (Throwable t) {
            c.discard(ps); // a failed batch may still hold rows added but not sent: not reused
            throw t;
        }
        return counts;
    }

    private static int collect(int[] got, int[] counts, int from, int n) {
        if (got.length == n) System.arraycopy(got, 0, counts, from, n);
        else java.util.Arrays.fill(counts, from, from + n, Statement.SUCCESS_NO_INFO);
        return from + n;
    }

    /** Runs DDL or other statements without parameters. */
    public void execute(CancellableConnection c, String sql) throws SQLException {
        logSql(sql, List.of());
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private void bind(PreparedStatement ps, List<Param> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) codec.bind(ps, i + 1, params.get(i));
    }

    private static void logSql(String sql, List<Param> params) {
        if (sqlLog.isDebugEnabled()) {
            sqlLog.debug("{} {}", sql, params.stream().map(p -> p.value() instanceof byte[] b ? "<" + b.length + " bytes>" : p.value()).toList());
        }
    }

}
