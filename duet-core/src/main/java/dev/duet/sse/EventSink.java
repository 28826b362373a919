package dev.duet.sse;

import dev.duet.hub.Member;

/**
 * What a push event source ({@link EventStream#push}) sends its events to, from any thread and
 * without ever blocking: events queue for the client, and the stream's writer sends them in
 * order. A client that falls behind by more than {@code sseMaxQueued} bytes for longer than
 * {@code sseQueueGrace} has its stream closed (logged once). As a {@link Member}, a sink can join
 * a {@link dev.duet.hub.Hub} room: each broadcast becomes an unnamed event.
 *
 * <pre>{@code
 * app.getAsync("/progress", req -> CompletableFuture.completedFuture(EventStream.push(sink -> {
 *     Subscription s = jobs.onProgress(7, p -> sink.send(Event.of("progress", p)));
 *     sink.onClose(s::cancel);
 * })));
 * }</pre>
 */
public interface EventSink extends Member {
    /** Queues {@code event}; false (and nothing sent) if the stream is closed. Never blocks. */
    boolean send(Event event);

    /** Queues an unnamed event carrying {@code data}; false if the stream is closed. */
    default boolean send(String data) {
        return send(Event.data(data));
    }

    /** A hub's broadcast: sent as an unnamed event; false once the stream is closed, so the hub drops it. */
    @Override
    default boolean deliver(String message) {
        return send(Event.data(message));
    }

    /** Bytes queued and not yet written to the client: how far behind it is. */
    long queuedBytes();

    /** True until the stream is closed. */
    boolean isOpen();

    /** The {@code Last-Event-ID} the client sent, or null. */
    String lastEventId();

    /** Runs {@code action} once when the stream closes (at once if it is closed already). */
    void onClose(Runnable action);

    /** Ends the stream once what is queued has been written; later sends answer false. */
    void complete();

    /** Closes the stream now, dropping what is queued. */
    void close();
}
