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
 * @param ready  completes once broadcasts from every instance reach the member: at once in
 *               memory; once the room's subscription is in place with a shared backend (a member
 *               misses what is broadcast before, so a test, or a sender that must not lose its
 *               first message, waits for it)
 */
public record Membership(Hub hub, String room, Member member, java.util.concurrent.CompletionStage<Void> ready) implements AutoCloseable {
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
