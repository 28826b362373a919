package dev.duet.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An index. On a field: an index on that column. On the model: an index on the fields named in
 * {@link #value()}, in order. {@code unique = true} makes it a unique constraint, whose violation is
 * a {@link UniqueViolation} naming those fields.
 *
 * <pre>{@code
 * @Index(value = {"owner", "slug"}, unique = true)
 * record Post(@Id Long id, long owner, String slug, @Index Instant published) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.TYPE})
@Repeatable(Index.List.class)
public @interface Index {
    /** The fields (or column names) indexed; empty on a field, which means that field. */
    String[] value() default {};

    /**
     * Whether it is a unique constraint: a second row with the same value(s) is refused with a
     * {@link UniqueViolation}. False: a plain index, for lookups and ordering.
     */
    boolean unique() default false;

    /** The index's name; {@code ix_<table>_<columns>} (or {@code uq_...}) if empty. */
    String name() default "";

    /** Holds repeated {@link Index} annotations on a model. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        /** The repeated {@link Index}es, in the order they were written. */
        Index[] value();
    }
}
