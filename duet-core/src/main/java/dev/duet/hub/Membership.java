package dev.duet.hub;

/**
 * One member's place in one room, as {@link Hub#join} returns it: {@link #leave()} (or
 * {@link #close()}) takes it out again. Leaving twice is harmless.
 *
 * <pre>{@code
 * Membership m = hub.join("lobby", sink);
 * sink.onClose(m::leave);
 * }</pre>
 *
 * @param hub    the hub joined
 * @param room   the room's name
 * @param member who joined
 */
public record Membership(Hub hub, String room, Member member) implements AutoCloseable {
    /** Takes the member out of the room; true if it was still in it. */
    public boolean leave() {
        return hub.leave(room, member);
    }

    /** The same as {@link #leave()}. */
    @Override
    public void close() {
        leave();
    }
}
