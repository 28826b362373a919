package dev.duet.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A CHECK constraint, as an SQL boolean expression over the table's columns, written by the
 * developer (never user input). A row that fails it is refused with a {@link CheckViolation}.
 *
 * <pre>{@code
 * @Check(name = "stock_not_negative", value = "stock >= 0")
 * record Product(@Id Long id, String name, int stock) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(Check.List.class)
public @interface Check {
    /**
     * The SQL boolean expression, with the table's column names ({@code "stock >= 0"}); it goes
     * into the DDL as it is, so it must come from the developer, never from user input.
     */
    String value();

    /** The constraint's name (reported by {@link CheckViolation#constraint()}); {@code ck_<table>_<n>} if empty. */
    String name() default "";

    /** Holds repeated {@link Check} annotations. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        /** The repeated {@link Check}s, in the order they were written. */
        Check[] value();
    }
}
