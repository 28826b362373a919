package dev.duet.db.internal;

import dev.duet.db.internal.dialect.Dialect;

/**
 * How one database names the tables of models: {@code prefix} before each table's name (and
 * before the names of its constraints and indexes), in {@code schema} (a PostgreSQL schema, a
 * MySQL/MariaDB database; null: the connection's own).
 */
public record Naming(String prefix, String schema) {

    /** The name of {@code m}'s table: the prefix, then its {@code @TableName} or its pluralised class name. */
    public String table(ModelInfo<?> m) {
        return prefix + m.table;
    }

    /** {@code m}'s table as SQL names it: quoted, after its schema if there is one. */
    public String qualified(Dialect d, ModelInfo<?> m) {
        String table = d.quote(table(m));
        return schema == null ? table : d.quote(schema) + "." + table;
    }
}
