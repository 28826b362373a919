package dev.duet.cli;

/**
 * Thrown by a command that finds its arguments wrong in a way picocli could not check (a count
 * that must be positive, two options that exclude each other): the message and the command's usage
 * are printed, and the exit code is 2, as for any usage error.
 *
 * <pre>{@code
 * int count = ctx.get("--count", Integer.class);
 * if (count < 1) throw new UsageException("--count must be 1 or more, not " + count);
 * }</pre>
 */
public final class UsageException extends RuntimeException {
    /** A usage error saying {@code message}. */
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
