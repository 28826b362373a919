package dev.duet.sse;

import dev.duet.Config;
import dev.duet.Request;
import dev.duet.Response;

/**
 * A {@code text/event-stream} response: what a route's handler returns to send Server-Sent
 * Events. The route is an ordinary one, so its middleware, sessions, CORS and the rest apply; the
 * handler may be blocking or async as everywhere. The events come from one of two sources:
 * <ul>
 * <li>{@link #blocking}: code that may block, on a virtual thread of its own, sending through
 *     {@link Events} (back-pressured; a send fails once the client left);
 * <li>{@link #push}: callbacks from any thread (a job's progress, a hub's broadcasts), sending to an
 *     {@link EventSink} without blocking, into a queue bounded by {@code sseMaxQueued}.
 * </ul>
 * Either way a keep-alive comment goes out after {@code sseKeepAlive} without an event, the
 * response is never compressed, and a client that goes away closes the stream at once: its
 * {@code onClose} actions run and the next send fails (on Netty and Jetty within moments; on cores
 * that cannot watch the connection, when the next write, keep-alives included, fails).
 *
 * <pre>{@code
 * app.get("/events", req -> EventStream.blocking(events -> {
 *     for (int n = 1; ; n++) { events.send(Event.data("tick " + n)); Thread.sleep(1000); }
 * }));
 * app.getAsync("/progress", req -> CompletableFuture.completedFuture(EventStream.push(sink -> {
 *     jobs.onProgress(7, p -> sink.send(Event.of("progress", p)));
 *     sink.onClose(() -> jobs.unsubscribe(7));
 * })));
 * }</pre>
 *
 * <p>The source starts when the response is written (not for a HEAD request, nor if a later link
 * replaces the response), so nothing runs for a stream nobody reads.
 */
public final class EventStream {
    /** The Content-Type of an event stream. */
    public static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";

    /** Blocking code that sends a stream's events; the stream ends when it returns. */
    @FunctionalInterface
    public interface Source {
        /** Sends events through {@code events}; runs on a virtual thread of its own, so it may block. */
        void run(Events events) throws Exception;
    }

    /** Non-blocking code that arranges for events to be pushed to {@code sink} later, from anywhere. */
    @FunctionalInterface
    public interface Setup {
        /** Subscribes {@code sink} to what feeds it and registers {@code onClose} clean-up; must not block. */
        void start(EventSink sink);
    }

    private EventStream() {
    }

    /** A stream whose events {@code source} sends from a virtual thread of its own. */
    public static Response blocking(Source source) {
        java.util.Objects.requireNonNull(source, "source");
        return response(EventChannel.blocking(settings(), lastEventIdOfCurrent(), source));
    }

    /** A stream whose events are pushed to the sink that {@code setup} receives, from any thread. */
    public static Response push(Setup setup) {
        java.util.Objects.requireNonNull(setup, "setup");
        return response(EventChannel.push(settings(), lastEventIdOfCurrent(), setup));
    }

    /**
     * The id of the last event the client saw, which a browser's {@code EventSource} sends when
     * it reconnects ({@code Last-Event-ID}); null on a first connection.
     */
    public static String lastEventId(Request req) {
        String id = req.header("Last-Event-ID");
        return id == null || id.isEmpty() ? null : id;
    }

    /**
     * Event streams being written to their clients now, by every app in this JVM (one app per JVM
     * is the usual case); for metrics. A stream counts from its first write until it ends.
     */
    public static int openStreams() {
        return EventChannel.OPEN.get();
    }

    private static Response response(EventChannel channel) {
        return Response.stream(CONTENT_TYPE, channel)
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no"); // nginx would otherwise hold events back in its buffer
    }

    /** The app's settings when built in a request (as it always is in a handler); the defaults otherwise. */
    private static Config settings() {
        Request req = Request.currentOrNull();
        return req != null ? req.app().config() : Config.defaults();
    }

    private static String lastEventIdOfCurrent() {
        Request req = Request.currentOrNull();
        return req != null ? lastEventId(req) : null;
    }
}
