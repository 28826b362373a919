package dev.duet.sse;

import java.io.IOException;

/**
 * What a blocking event source ({@link EventStream#blocking}) sends its events through. It runs on
 * a virtual thread of its own, so it may sleep, wait on a queue or read a database between events.
 * {@link #send} waits while the client is {@code sseMaxQueued} bytes behind, and fails at once
 * with an {@link IOException} once the stream is closed, so a loop ends when the client leaves;
 * the source's thread is also interrupted then, which ends a sleep.
 *
 * <pre>{@code
 * app.get("/events", req -> EventStream.blocking(events -> {
 *     for (int n = 1; ; n++) {
 *         events.send(Event.data("tick " + n));
 *         Thread.sleep(1000);
 *     }
 * }));
 * }</pre>
 */
public interface Events {
    /** Sends {@code event}; waits while the client is far behind; fails if the stream is closed. */
    void send(Event event) throws IOException;

    /** Sends an unnamed event carrying {@code data}. */
    default void send(String data) throws IOException {
        send(Event.data(data));
    }

    /** True until the stream is closed (the client left, or the app closed it). */
    boolean isOpen();

    /** The {@code Last-Event-ID} the client sent (a browser reconnecting), or null. */
    String lastEventId();

    /** Runs {@code action} once when the stream closes (at once if it is closed already). */
    void onClose(Runnable action);
}
