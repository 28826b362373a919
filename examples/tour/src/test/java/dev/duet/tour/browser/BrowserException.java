package dev.duet.tour.browser;

/**
 * Something in the browser went wrong: chromium is missing or would not start, did not answer in
 * time, a page did not load, a selector matched nothing, a script threw. The message says which,
 * and where it helps, what chromium itself printed.
 *
 * <pre>{@code
 * assertThatThrownBy(() -> page.click("#missing"))
 *         .isInstanceOf(BrowserException.class)
 *         .hasMessageContaining("no element matches '#missing'");
 * }</pre>
 */
public final class BrowserException extends RuntimeException {
    /** A failure described by {@code message}. */
    public BrowserException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public BrowserException(String message, Throwable cause) {
        super(message, cause);
    }
}
