package dev.duet.jobs;

import java.util.Objects;
import java.util.UUID;

/**
 * A job's id: a random UUID, given when the job is enqueued; its text form is what an API hands
 * to clients ({@code GET /jobs/{id}}).
 *
 * <pre>{@code
 * JobId id = JobId.parse(req.path("id"));   // a clear 400-able error for anything else
 * }</pre>
 *
 * @param value the UUID's text, lower case
 */
public record JobId(String value) {
    /** Checks {@code value} is a UUID in its canonical text form. */
    public JobId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) throw new IllegalArgumentException("Not a job id (a UUID such as 3f2c…-…): '" + shorten(value) + "'");
    }

    /** A new random id. */
    public static JobId random() {
        return new JobId(UUID.randomUUID().toString());
    }

    /** {@code text} as an id; an {@link IllegalArgumentException} saying so if it is not one. */
    public static JobId parse(String text) {
        return new JobId(text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether {@code text} is a job id's text form. */
    public static boolean isValid(String text) {
        if (text == null || text.length() != 36) return false;
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    @Override
    public String toString() {
        return value;
    }
}
