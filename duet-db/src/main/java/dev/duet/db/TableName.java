package dev.duet.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The table a model is stored in. Without it the table is the model's simple name in snake_case,
 * pluralised ({@code User} -> {@code users}, {@code BlogPost} -> {@code blog_posts},
 * {@code Category} -> {@code categories}).
 *
 * <p>(Named {@code TableName} rather than {@code Table} so that it never clashes with
 * {@link dev.duet.db.Table}, the type you hold a model's finder by.)
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TableName {
    /**
     * The table's name as the database knows it ({@code "stock_items"}); a
     * {@link DbConfig#tablePrefix() table prefix} still goes before it.
     */
    String value();
}
