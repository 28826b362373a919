package dev.duet.db.internal;

import dev.duet.db.internal.dialect.Dialect;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** DDL for models: {@code CREATE TABLE IF NOT EXISTS} with constraints, then indexes; idempotent. */
public final class Schema {
    private Schema() {
    }

    public static String createTable(Dialect d, TableMapping<?> t) {
        ModelInfo<?> m = t.model;
        StringBuilder sb = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(t.quotedTable).append(" (\n");
        List<String> parts = new ArrayList<>();
        for (Col c : m.columns) {
            if (c.id && c.generated) {
                parts.add(d.generatedIdColumn(c));
                continue;
            }
            StringBuilder col = new StringBuilder(d.quote(c.column)).append(' ').append(d.sqlType(c));
            if (c.id) col.append(" PRIMARY KEY");
            if (!c.nullable) col.append(" NOT NULL");
            String def = d.defaultExpression(c);
            if (def != null) col.append(" DEFAULT ").append(def);
            parts.add(col.toString());
        }
        for (ModelInfo.IndexInfo ix : t.indexes) {
            if (!ix.unique()) continue;
            parts.add("CONSTRAINT " + d.quote(ix.name()) + " UNIQUE (" + d.columnList(ix) + ")");
        }
        for (Col c : m.columns) {
            if (c.references == null) continue;
            ModelInfo<?> target = ModelInfo.of(c.references);
            if (target.id.type != c.type || (c.type == ColumnType.INT) != (target.id.type == ColumnType.INT)) {
                throw new IllegalArgumentException(m.type.getName() + "." + c.field + " references " + target.name + " whose id is "
                        + target.id.javaType.getSimpleName() + "; declare the field with the same type");
            }
            parts.add("CONSTRAINT " + d.quote(t.foreignKeyName(c)) + " FOREIGN KEY ("
                    + d.quote(c.column) + ") REFERENCES " + t.naming.qualified(d, target) + " (" + d.quote(target.id.column) + ")"
                    + (c.cascade ? " ON DELETE CASCADE" : ""));
        }
        for (ModelInfo.CheckInfo ck : t.checks) {
            parts.add("CONSTRAINT " + d.quote(ck.name()) + " CHECK (" + ck.expression() + ")");
        }
        if (d.checksLengths()) {
            // SQLite does not enforce VARCHAR(n); a CHECK does, so every database refuses the same values.
            for (Col c : m.columns) {
                if (c.type == ColumnType.STRING) {
                    parts.add("CONSTRAINT " + d.quote(Dialect.lengthCheckName(t.table, c)) + " CHECK (length("
                            + d.quote(c.column) + ") <= " + c.length + ")");
                }
            }
        }
        for (int i = 0; i < parts.size(); i++) {
            sb.append("  ").append(parts.get(i)).append(i + 1 < parts.size() ? ",\n" : "\n");
        }
        return sb.append(')').append(d.tableOptions()).toString();
    }

    public static void create(Engine e, CancellableConnection c, TableMapping<?> t) throws SQLException {
        e.statements.execute(c, createTable(e.dialect, t));
        for (ModelInfo.IndexInfo ix : t.indexes) {
            if (ix.unique()) continue;
            for (String sql : e.dialect.createIndex(c, t, ix)) e.statements.execute(c, sql);
        }
    }

    public static void drop(Engine e, CancellableConnection c, TableMapping<?> t) throws SQLException {
        e.statements.execute(c, "DROP TABLE IF EXISTS " + t.quotedTable);
    }
}
