package dev.duet.cli.internal;

/**
 * A setting that cannot be used: an unknown key, a value that does not parse or is out of range,
 * a malformed file. The message names the key and where it came from; the command line prints it
 * as it is and exits with status 2.
 */
public final class BadSettings extends IllegalArgumentException {
    /** A bad setting; {@code message} names it and its source. */
    public BadSettings(String message) {
        super(message);
    }

    /** A bad setting, found by {@code cause} (a parse or range error). */
    public BadSettings(String message, Throwable cause) {
        super(message, cause);
    }
}
