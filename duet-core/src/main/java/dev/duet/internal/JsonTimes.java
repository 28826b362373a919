package dev.duet.internal;

import tools.jackson.databind.ext.javatime.ser.InstantSerializer;
import tools.jackson.databind.ext.javatime.ser.LocalDateTimeSerializer;
import tools.jackson.databind.ext.javatime.ser.LocalTimeSerializer;
import tools.jackson.databind.ext.javatime.ser.OffsetDateTimeSerializer;
import tools.jackson.databind.ext.javatime.ser.OffsetTimeSerializer;
import tools.jackson.databind.ext.javatime.ser.ZonedDateTimeSerializer;
import tools.jackson.databind.module.SimpleModule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Date-times written with exactly three fraction digits, as JavaScript's {@code toISOString} does
 * ({@code 2026-01-02T03:04:05.600Z}), where Jackson writes as many as the value needs (none, one,
 * three, six...): clients that compare or sort the strings then see one form. Finer digits are cut,
 * not rounded, so a written time never lies in the future of the real one. Reading is untouched:
 * any ISO-8601 form is accepted. Jackson's own serializers do the writing, so a
 * {@code @JsonFormat} on a field still wins.
 */
final class JsonTimes {
    private JsonTimes() {
    }

    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 3, 3, true)
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter LOCAL_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T').append(TIME)
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .append(LOCAL_DATE_TIME).appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter OFFSET_TIME = new DateTimeFormatterBuilder()
            .append(TIME).appendOffset("+HH:MM", "Z")
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter INSTANT = OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

    static void register(SimpleModule module) {
        // Instant, OffsetDateTime and OffsetTime take a formatter only through protected
        // constructors, hence the anonymous subclasses; null flags leave Jackson's features in charge.
        module.addSerializer(Instant.class, new InstantSerializer(InstantSerializer.INSTANCE, INSTANT, null, null, null) {
        });
        module.addSerializer(OffsetDateTime.class,
                new OffsetDateTimeSerializer(OffsetDateTimeSerializer.INSTANCE, OFFSET_DATE_TIME, null, null, null) {
                });
        module.addSerializer(ZonedDateTime.class, new ZonedDateTimeSerializer(OFFSET_DATE_TIME));
        module.addSerializer(LocalDateTime.class, new LocalDateTimeSerializer(LOCAL_DATE_TIME));
        module.addSerializer(LocalTime.class, new LocalTimeSerializer(TIME));
        module.addSerializer(OffsetTime.class, new OffsetTimeSerializer(OffsetTimeSerializer.INSTANCE, OFFSET_TIME, null) {
        });
    }
}
