package dev.duet.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * This field holds the id of a row of another model: a foreign key
 * ({@code FOREIGN KEY (author_id) REFERENCES users (id)}). Writing an id that does not exist, or
 * deleting a row still referenced, fails with {@link ForeignKeyViolation} (unless
 * {@link #cascade()}). The field's type must match the other model's id ({@code long} for a
 * {@code Long} id).
 *
 * <pre>{@code
 * record Post(@Id Long id, @References(User.class) long authorId, String title) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface References {
    /** The model referenced. */
    Class<?> value();

    /** Deleting the referenced row deletes this one too ({@code ON DELETE CASCADE}). */
    boolean cascade() default false;
}
