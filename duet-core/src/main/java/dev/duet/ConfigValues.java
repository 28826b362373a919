package dev.duet;

import dev.duet.internal.HeaderList;

import java.time.Duration;

/** How {@link Config.Builder#apply} reads a knob's text (booleans, sizes, durations, the error format), and how {@link Config} checks ranges. */
final class ConfigValues {
    private ConfigValues() {
    }

    static Config.ErrorFormat parseErrorFormat(String v) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "negotiate" -> Config.ErrorFormat.NEGOTIATE;
            case "json" -> Config.ErrorFormat.JSON;
            case "html" -> Config.ErrorFormat.HTML;
            default -> throw new IllegalArgumentException("expected json, html or negotiate");
        };
    }

    static boolean parseBoolean(String v) {
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off", "" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    /** {@code 512}, {@code 64k}, {@code 10m}, {@code 1g} (binary units). */
    static long parseSize(String v) {
        String s = v.toLowerCase(java.util.Locale.ROOT).replace("b", "").replace("i", "");
        long unit = 1;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        if (last == 'k') unit = 1024;
        else if (last == 'm') unit = 1024 * 1024;
        else if (last == 'g') unit = 1024L * 1024 * 1024;
        if (unit != 1) s = s.substring(0, s.length() - 1);
        return Math.multiplyExact(Long.parseLong(s.trim()), unit);
    }

    /** {@code 250ms}, {@code 30s}, {@code 5m}, a bare number of milliseconds, or ISO-8601 ({@code PT30S}). */
    static Duration parseDuration(String v) {
        String s = v.toLowerCase(java.util.Locale.ROOT);
        if (s.startsWith("pt")) return Duration.parse(v);
        if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
        if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()));
        if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
        return Duration.ofMillis(Long.parseLong(s));
    }

    static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + value);
        }
    }

    /** A header value Duet sends on every response: a CR or LF in it would start a new header (and fail each response). */
    static void requireHeaderValue(String name, String value) {
        java.util.Objects.requireNonNull(value, name);
        if (!HeaderList.isOneLine(value)) {
            throw new IllegalArgumentException(name + " must be one line (no CR or LF), got " + value.replace("\r", "\\r").replace("\n", "\\n"));
        }
    }

    static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be > 0, got " + d);
    }

    static void requireNonNegative(String name, Duration d) {
        if (d == null || d.isNegative()) throw new IllegalArgumentException(name + " must be >= 0, got " + d);
    }
}
