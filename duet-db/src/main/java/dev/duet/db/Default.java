package dev.duet.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a field gets when it is inserted as null, written as text and read as the field's type:
 * {@code "0"}, {@code "true"}, {@code "draft"} (an enum constant), {@code "12.50"}, and for
 * {@code Instant}/{@code LocalDate} fields {@code "now"}/{@code "today"}. Duet fills it in before the
 * insert (so the entity you get back has it) and also declares it as the column's SQL
 * {@code DEFAULT}, so raw inserts get it too. A primitive field is never null, so its default is
 * only the SQL one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Default {
    /**
     * The value as text, read as the field's type ({@code "42"}, {@code "DRAFT"}, {@code "12.50"}),
     * or {@code "now"} for an {@code Instant}, {@code "today"} for a {@code LocalDate},
     * {@code "random"} for a {@code UUID}. Text that does not fit the type fails with an
     * {@link IllegalArgumentException} naming the field when the model is first used.
     */
    String value();
}
