package dev.duet.db.internal;

import dev.duet.db.ValueTooLong;
import dev.duet.db.internal.dialect.Codec;
import dev.duet.db.internal.dialect.Dialect;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A model mapped onto its table in one database: the names quoted for that database, the SQL of
 * the fixed statements, built once, how a row is read into an entity and how an entity's values
 * are prepared to be written. One per {@link dev.duet.db.Table}; no per-call work here but
 * reading and preparing rows.
 */
public final class TableMapping<T> {
    /** Shapes of query SQL kept per table; further shapes are built each time. */
    public static final int SQL_CACHE_LIMIT = 1024;
    /** Row counts whose one-statement update (see {@link #updateRowsSql}) is kept per table; larger ones are built each time. */
    static final int UPDATE_ROWS_SQL_KEPT = 128;

    public final ModelInfo<T> model;
    public final Naming naming;
    /** The table's name in the database, and the same as SQL names it (quoted, after its schema). */
    public final String table;
    public final String quotedTable;
    /** The model's indexes and checks, named for this table. */
    public final List<ModelInfo.IndexInfo> indexes;
    public final List<ModelInfo.CheckInfo> checks;
    /** Each column's name, quoted for this database, by column index. */
    public final String[] quoted;
    /** {@code SELECT <every column> FROM <table>}. */
    public final String selectSql;
    public final String findSql;
    public final String insertSql;
    public final String insertReturningSql;
    public final String insertWithIdSql;
    /** Null for a model whose only column is its id. */
    public final String updateSql;
    public final String deleteSql;
    /** The columns an insert with a generated id writes, and those an update writes. */
    public final List<Col> insertCols;
    public final List<Col> updateCols;
    /** SQL of queries by shape, so a query asked again with other values is not rebuilt. */
    public final Map<Object, String> sqlCache = new ConcurrentHashMap<>();
    /** What each call is doing, for error messages: made once, not on every call. */
    public final String readingRows;
    public final String readingOne;
    public final String inserting;
    public final String updating;
    public final String deleting;
    /** The fastest reader of each column, by column index. */
    private final Codec.ColReader[] readers;
    /** For a record model: {@code (Columns) -> record}, reading each column straight into the constructor. */
    public final MethodHandle recordReader;
    private final Dialect dialect;
    /** {@link #updateRowsSql} by row count, built at first use. */
    private final AtomicReferenceArray<String> updateRowsSql = new AtomicReferenceArray<>(UPDATE_ROWS_SQL_KEPT + 1);

    public TableMapping(ModelInfo<T> model, Dialect dialect, Naming naming) {
        this.model = model;
        this.naming = naming;
        this.dialect = dialect;
        this.table = naming.table(model);
        this.quotedTable = naming.qualified(dialect, model);
        this.indexes = model.indexes.stream().map(ix -> ix.on(table, naming.prefix())).toList();
        this.checks = model.checks.stream().map(ck -> ck.on(table, naming.prefix())).toList();
        Codec codec = dialect.codec();
        int n = model.columns.size();
        this.quoted = new String[n];
        this.readers = new Codec.ColReader[n];
        for (int i = 0; i < n; i++) {
            quoted[i] = dialect.quote(model.columns.get(i).column);
            readers[i] = codec.reader(model.columns.get(i));
        }
        this.recordReader = recordReader(model, readers);
        this.readingRows = "reading " + model.name + " rows";
        this.readingOne = "reading " + model.name;
        this.inserting = "inserting a " + model.name;
        this.updating = "updating " + model.name;
        this.deleting = "deleting " + model.name;
        this.selectSql = "SELECT " + String.join(", ", quoted) + " FROM " + quotedTable;
        String idEq = " WHERE " + quoted[model.id.index] + " = ?";
        this.findSql = selectSql + idEq;
        this.insertCols = model.columns.stream().filter(c -> !(c.id && c.generated)).toList();
        this.updateCols = model.columns.stream().filter(c -> !c.id).toList();
        this.insertSql = insertSql(insertCols);
        this.insertReturningSql = insertSql + " RETURNING " + quoted[model.id.index];
        this.insertWithIdSql = insertSql(model.columns);
        StringBuilder upd = new StringBuilder("UPDATE ").append(quotedTable).append(" SET ");
        for (int i = 0; i < updateCols.size(); i++) {
            if (i > 0) upd.append(", ");
            upd.append(quoted[updateCols.get(i).index]).append(" = ?");
        }
        this.updateSql = updateCols.isEmpty() ? null : upd.append(idEq).toString();
        this.deleteSql = "DELETE FROM " + quotedTable + idEq;
    }

    private String insertSql(List<Col> cols) {
        StringBuilder sb = new StringBuilder("INSERT INTO ").append(quotedTable).append(" (");
        for (int i = 0; i < cols.size(); i++) sb.append(i > 0 ? ", " : "").append(quoted[cols.get(i).index]);
        sb.append(") VALUES (");
        for (int i = 0; i < cols.size(); i++) sb.append(i > 0 ? ", ?" : "?");
        return sb.append(')').toString();
    }

    /**
     * The dialect's statement that updates {@code rows} rows (distinct ids) all or none (see
     * {@link Dialect#updateRowsAtomically}), or null where it has none or the model has no column
     * but its id; kept for up to {@value #UPDATE_ROWS_SQL_KEPT} rows, so a request's updateAll
     * builds no SQL.
     */
    public String updateRowsSql(int rows) {
        if (updateCols.isEmpty()) return null;
        if (rows > UPDATE_ROWS_SQL_KEPT) return dialect.updateRowsAtomically(this, rows);
        String sql = updateRowsSql.get(rows);
        if (sql == null) {
            sql = dialect.updateRowsAtomically(this, rows);
            if (sql != null) updateRowsSql.set(rows, sql);
        }
        return sql;
    }

    /** The name of the foreign key of reference column {@code c}. */
    public String foreignKeyName(Col c) {
        return Names.constraint("fk", table, List.of(c.column));
    }

    // ---- writing ----

    /**
     * {@code raw} values of an entity made ready to write: each converted to its column's type,
     * and, for an insert, a null given its {@code @Default} (every "now" of the row the same
     * moment) or, for a UUID id, a random one.
     */
    public Object[] prepare(Object[] raw, boolean insert) {
        Object[] v = raw.clone();
        Instant now = insert ? Instant.now() : null;
        for (Col c : model.columns) {
            Object x = c.normalize(v[c.index]);
            if (x == null && insert) {
                if (c.defaultText != null) x = c.defaultValue(now);
                else if (c.id && c.type == ColumnType.UUID) x = UUID.randomUUID();
            }
            v[c.index] = x;
        }
        return v;
    }

    /** The parameters of {@code cols}, from a row's values {@code v}. */
    public static List<Param> params(List<Col> cols, Object[] v) {
        List<Param> p = new ArrayList<>(cols.size() + 1);
        for (Col c : cols) p.add(new Param(v[c.index], c.type));
        return p;
    }

    /** {@code e} naming the column of whichever of {@code rows} was too long for it, if one can tell. */
    public ValueTooLong namingTooLong(ValueTooLong e, List<Object[]> rows) {
        for (Object[] v : rows) {
            ValueTooLong named = namingTooLong(e, v);
            if (named != e) return named;
        }
        return e;
    }

    /** PostgreSQL does not say which column was too long; the values tell. */
    public ValueTooLong namingTooLong(ValueTooLong e, Object[] v) {
        if (!e.fields().isEmpty()) return e;
        for (Col c : model.columns) {
            if (c.type == ColumnType.STRING && v[c.index] instanceof String s && s.codePointCount(0, s.length()) > c.length) {
                return new ValueTooLong("Field '" + c.field + "' of " + model.name + " is too long (at most " + c.length
                        + " characters)", table, List.of(c.field), e.constraint(), e.getCause());
            }
        }
        return e;
    }

    // ---- reading ----

    private static final MethodHandle COLUMN_READ;

    static {
        try {
            COLUMN_READ = MethodHandles.publicLookup().findVirtual(Codec.ColReader.class, "read",
                    MethodType.methodType(Object.class, Columns.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * For a record, one method handle that reads a row of {@link #selectSql} straight into the
     * canonical constructor: a primitive field through the driver's primitive getter (no boxing,
     * no array of values), a string through {@code getString}, anything else through its column
     * reader. Null for a class model, whose fields are set one by one.
     */
    private static MethodHandle recordReader(ModelInfo<?> model, Codec.ColReader[] readers) {
        if (model.recordConstructor == null) return null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            int n = model.columns.size();
            MethodHandle[] columns = new MethodHandle[n];
            for (int i = 0; i < n; i++) {
                Col c = model.columns.get(i);
                MethodHandle get;
                if (c.primitive) {
                    String name = "get" + Character.toUpperCase(c.javaType.getName().charAt(0)) + c.javaType.getName().substring(1);
                    get = lookup.findVirtual(Columns.class, name, MethodType.methodType(c.javaType, int.class));
                } else if (c.type == ColumnType.STRING || c.type == ColumnType.TEXT) {
                    get = lookup.findVirtual(Columns.class, "getString", MethodType.methodType(String.class, int.class));
                } else {
                    get = COLUMN_READ.bindTo(readers[i]).asType(MethodType.methodType(c.javaType, Columns.class, int.class));
                }
                columns[i] = MethodHandles.insertArguments(get, 1, i + 1);
            }
            MethodHandle all = MethodHandles.filterArguments(model.recordConstructor, 0, columns);
            return MethodHandles.permuteArguments(all, MethodType.methodType(model.type, Columns.class), new int[n])
                    .asType(MethodType.methodType(Object.class, Columns.class));
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            return null; // the generic reader below does the same, a little slower
        }
    }

    /** Reads a row selected with {@link #selectSql}'s columns, in order. */
    @SuppressWarnings("unchecked")
    public T read(Columns rs) throws SQLException {
        if (recordReader != null) {
            try {
                return (T) (Object) recordReader.invokeExact(rs);
            } catch (SQLException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        Codec.ColReader[] r = readers;
        Object[] v = new Object[r.length];
        for (int i = 0; i < v.length; i++) v[i] = r[i].read(rs, i + 1);
        return model.newEntity(v);
    }

    /** A reader for rows of any SELECT: columns are matched to fields by name (column or field name); others are ignored. */
    public RowReader<T> labelReader(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        Col[] at = new Col[n + 1];
        for (int i = 1; i <= n; i++) {
            String label = md.getColumnLabel(i);
            Col c = model.byColumn(label);
            if (c == null) {
                for (Col x : model.columns) {
                    if (x.field.equalsIgnoreCase(label)) c = x;
                }
            }
            at[i] = c;
        }
        return rs -> {
            Object[] v = new Object[model.columns.size()];
            for (int i = 1; i <= n; i++) {
                if (at[i] != null) v[at[i].index] = readers[at[i].index].read(rs, i);
            }
            return model.newEntity(v);
        };
    }

    @Override
    public String toString() {
        return "TableMapping[" + model.name + " -> " + table + "]";
    }
}
