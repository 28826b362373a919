package dev.duet.hub;

/**
 * Someone in a {@link Hub} room: an event stream ({@code dev.duet.sse.EventSink} is one), a
 * WebSocket, a test's list. The hub calls {@link #deliver} on whatever thread the broadcast
 * arrives on, so it must not block: queue the message and return.
 *
 * <pre>{@code
 * List<String> got = new CopyOnWriteArrayList<>();
 * hub.join("lobby", message -> got.add(message));
 * }</pre>
 */
@FunctionalInterface
public interface Member {
    /**
     * Takes {@code message} without blocking. Returns false if this member is gone (its stream
     * closed): the hub then takes it out of every room it is in.
     */
    boolean deliver(String message);
}
