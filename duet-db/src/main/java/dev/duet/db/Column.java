package dev.duet.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a field is stored. Every field of a model is a column, annotated or not (skip one with the
 * {@code transient} modifier, on classes); this annotation only changes the defaults.
 *
 * <pre>{@code
 * record User(@Id Long id,
 *             @Column(length = 50) String name,
 *             @Column(length = 100, unique = true) String email,
 *             @Column(nullable = true) String bio) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Column {
    /** The column's name; the field's name in snake_case if empty. */
    String name() default "";

    /** Maximum length of a {@code String} column ({@code VARCHAR(length)}); 255 by default. */
    int length() default 255;

    /** A unique constraint on this column alone (named {@code uq_<table>_<column>}). */
    boolean unique() default false;

    /**
     * Whether the column accepts NULL. Columns are {@code NOT NULL} unless they say so, as in Django
     * and Tortoise: a model that forgets a value fails loudly with a {@link NotNullViolation}.
     */
    boolean nullable() default false;

    /** Total digits of a {@code BigDecimal} column. */
    int precision() default 19;

    /** Digits after the point of a {@code BigDecimal} column; values are rounded (half up) to it. */
    int scale() default 2;
}
