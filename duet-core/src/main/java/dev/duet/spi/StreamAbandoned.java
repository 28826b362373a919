package dev.duet.spi;

import java.io.IOException;

/**
 * What a {@link dev.duet.Response.StreamBody} throws when it gives up on its client on purpose (an
 * event stream whose client stopped reading, say) and has logged why itself. The core ends the
 * response as incomplete (the connection closes without the last chunk), as for any failed body,
 * but logs it at DEBUG only: one warning, the body's, names the cause.
 *
 * <pre>{@code
 * } catch (StreamAbandoned e) {          // in a core's stream writer
 *     log.debug("The streamed body of {} gave up on its client: {}", request, e.getMessage());
 * }
 * }</pre>
 */
public class StreamAbandoned extends IOException {
    /** Gives up for the reason {@code message} says. */
    public StreamAbandoned(String message) {
        super(message);
    }
}
