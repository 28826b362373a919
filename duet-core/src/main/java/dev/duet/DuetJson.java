package dev.duet;

import dev.duet.internal.Json;
import tools.jackson.databind.json.JsonMapper;

/**
 * Duet's rules for JSON, as a Jackson builder: where an app starts when it needs a mapper of its
 * own, so that it changes one rule and keeps the others. Every app uses these rules unless it
 * hands {@link App#jsonMapper} another mapper.
 *
 * <ul>
 * <li>A record is written as its components, keyed by their names, in declaration order; a
 *     {@code getX()} or {@code isX()} method adds an {@code x} field after them. Other classes are
 *     written as their public fields and getters, in alphabetical order.</li>
 * <li>Nulls are kept: a null field, a null map value and an empty {@code Optional} are written as
 *     {@code null}, so a type always has the same fields.</li>
 * <li>Date-times are written with exactly three fraction digits, like JavaScript's
 *     {@code toISOString}: an {@code Instant} as {@code "2026-01-02T03:04:05.600Z"} (UTC), an
 *     {@code OffsetDateTime} or {@code ZonedDateTime} with its offset
 *     ({@code "2026-01-02T03:04:05.600+01:00"}), a {@code LocalDateTime} as
 *     {@code "2026-01-02T03:04:05.600"}, a {@code LocalTime} as {@code "03:04:05.600"}; finer
 *     digits are cut. Any ISO-8601 form is read.</li>
 * <li>Reading ignores fields the type does not have; a field left out is {@code null} ({@code 0}
 *     or {@code false} for a primitive); a number with a fraction does not fit an integer.</li>
 * <li>Reading refuses (a 400 for a request body) a key given twice in one object
 *     ({@code {"role":"user","role":"admin"}}: a check that read the first and code that reads the
 *     last would disagree), and a number too large for its type, a {@code double} or {@code float}
 *     too (where Jackson alone reads {@code 1e999} as {@code Infinity}). A request body must also
 *     be well-formed UTF-8 with no lone surrogate escaped in a string (a high surrogate escape
 *     without its low half), which {@link Request#json} checks before these rules apply.</li>
 * </ul>
 *
 * <pre>{@code
 * app.jsonMapper(DuetJson.builder()
 *         .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL)) // drop nulls
 *         .build());
 * }</pre>
 */
public final class DuetJson {
    private DuetJson() {
    }

    /** A new Jackson builder with Duet's rules, to change and {@code build()}. */
    public static JsonMapper.Builder builder() {
        return Json.builder();
    }
}
