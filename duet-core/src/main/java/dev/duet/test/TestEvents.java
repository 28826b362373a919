package dev.duet.test;

import dev.duet.Headers;
import dev.duet.sse.Event;

import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An event stream as a test reads it ({@link TestClient#events}): the response's status and
 * headers, then its events one by one, each waited for with a timeout. Comments (keep-alives)
 * are kept aside in {@link #comments()}. Closing it is the client going away: the app's stream
 * sees it at once, as over a real connection.
 *
 * <pre>{@code
 * try (TestEvents events = client.events("/events")) {
 *     assertThat(events.status()).isEqualTo(200);
 *     assertThat(events.next().data()).isEqualTo("tick 1");
 * }
 * }</pre>
 *
 * <p>Any transport can feed one: write the body's bytes (de-chunked) to {@link #input()} and call
 * {@link #ended()} when it ends.
 */
public final class TestEvents implements AutoCloseable {
    private static final Object END = new Object();

    private final int status;
    private final Headers headers;
    private final Duration timeout;
    private final Runnable onClose;
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final EventParser parser;
    private volatile boolean ended;

    /**
     * A stream whose response had {@code status} and {@code headers}; {@link #next()} waits up to
     * {@code timeout}; {@code onClose} is how the client goes away (closes its connection).
     */
    public TestEvents(int status, Headers headers, Duration timeout, Runnable onClose) {
        this.status = status;
        this.headers = headers;
        this.timeout = timeout;
        this.onClose = onClose;
        this.parser = new EventParser(e -> {
            if (e.isComment()) comments.add(e.comment());
            else events.add(e);
        });
    }

    /** The response's status. */
    public int status() {
        return status;
    }

    /** The response's headers. */
    public Headers headers() {
        return headers;
    }

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The next event, waiting up to the client's timeout; an {@link AssertionError} if none comes or the stream ended. */
    public Event next() {
        return next(timeout);
    }

    /** The next event, waiting up to {@code wait}; an {@link AssertionError} if none comes or the stream ended. */
    public Event next(Duration wait) {
        Object e;
        try {
            e = events.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for an event", ie);
        }
        if (e == null) throw new AssertionError("no event within " + wait);
        if (e == END) {
            events.add(END);
            throw new AssertionError("the stream ended without another event");
        }
        return (Event) e;
    }

    /** The next {@code n} events. */
    public List<Event> next(int n) {
        List<Event> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(next());
        return list;
    }

    /** The comments received so far, keep-alives included, without their leading {@code :}. */
    public List<String> comments() {
        return List.copyOf(comments);
    }

    /** True once the server ended the stream. */
    public boolean isEnded() {
        return ended;
    }

    /** Waits up to {@code wait} for the server to end the stream, reading the events before the end; false if it did not. */
    public boolean awaitEnd(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            try {
                Object e = events.poll(left, TimeUnit.NANOSECONDS);
                if (e == END) events.add(END);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Where a transport writes the body's bytes. */
    public OutputStream input() {
        return parser;
    }

    /** A transport's call: the body ended (the server closed the stream, or the connection closed). */
    public void ended() {
        if (ended) return;
        ended = true;
        events.add(END);
    }

    /** The client goes away. */
    @Override
    public void close() {
        onClose.run();
    }
}
