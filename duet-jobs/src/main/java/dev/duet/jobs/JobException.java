package dev.duet.jobs;

/**
 * A misuse of the jobs API (an unknown job type, a payload of the wrong class or one that cannot
 * be written as JSON, a call after {@link Jobs#stop()}), or a job store that could not be reached,
 * with a message saying which.
 */
public class JobException extends RuntimeException {
    /** An error with {@code message}. */
    public JobException(String message) {
        super(message);
    }

    /** An error with {@code message}, caused by {@code cause}. */
    public JobException(String message, Throwable cause) {
        super(message, cause);
    }
}
