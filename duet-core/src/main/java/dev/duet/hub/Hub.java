package dev.duet.hub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rooms of {@link Member}s and broadcasts to them. Members join and leave a room by name; a
 * {@link #broadcast} reaches every member of the room, on this instance and, through the
 * {@link Backend}, on every other instance sharing it. Presence is how many members a room has.
 *
 * <pre>{@code
 * Hub hub = Hub.inMemory();                  // or RedisHub.connect("redis://localhost:6379") with duet-redis
 * app.get("/chat/{room}/events", req -> EventStream.push(sink -> {
 *     Membership m = hub.join(req.pathParam("room"), sink);   // an EventSink is a Member
 *     sink.onClose(m::leave);
 * }));
 * app.postAsync("/chat/{room}", req -> hub.broadcast(req.pathParam("room"), req.bodyText()).thenApply(v -> Response.noContent()));
 * }</pre>
 *
 * <p>Thread-safe. A broadcast is handed to each local member's non-blocking {@link Member#deliver}
 * on the thread the message arrives on (the broadcaster's, for the in-memory hub; the backend's
 * for a shared one). A member that answers false (its stream is closed) is dropped.
 */
public final class Hub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    /**
     * What carries a hub's broadcasts and presence between instances: one connection (a Redis
     * pub/sub, a message bus) per hub. Every call must return without blocking.
     */
    public interface Backend extends AutoCloseable {
        /** Called once, first: the messages of the rooms this hub subscribes to go to {@code inbox}, from any thread. */
        void connect(Inbox inbox);

        /** This instance has members in {@code room} now: deliver its messages. */
        CompletionStage<Void> subscribe(String room);

        /** This instance has no member left in {@code room}. */
        CompletionStage<Void> unsubscribe(String room);

        /** Sends {@code message} to every instance subscribed to {@code room}, this one included. */
        CompletionStage<Void> publish(String room, String message);

        /** This instance now has {@code members} members in {@code room} (0 when the last left). */
        void localCount(String room, int members);

        /** Members of {@code room} on every instance, as far as the backend knows. */
        CompletionStage<Long> presence(String room);

        /** Disconnects; the hub is closed. */
        @Override
        void close();
    }

    /** Where a {@link Backend} hands the messages it receives. */
    @FunctionalInterface
    public interface Inbox {
        /** A message broadcast to {@code room}, by any instance. */
        void receive(String room, String message);
    }

    private final Backend backend;
    private final Map<String, Set<Member>> rooms = new ConcurrentHashMap<>();
    private final Map<String, CompletionStage<Void>> subscriptions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private Hub(Backend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        backend.connect(this::fanOut);
    }

    /** A hub for this process only: broadcasts reach the members that joined it. */
    public static Hub inMemory() {
        return new Hub(new LocalBackend());
    }

    /** A hub over {@code backend}, shared with the other hubs connected to the same place. */
    public static Hub over(Backend backend) {
        return new Hub(backend);
    }

    /**
     * Puts {@code member} in {@code room} (made on first use); it receives every broadcast to the
     * room from now on, until it {@linkplain Membership#leave leaves} or its {@code deliver}
     * answers false. Joining a room twice is the same as joining it once.
     */
    public Membership join(String room, Member member) {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(member, "member");
        if (closed) throw new IllegalStateException("the hub is closed");
        CompletionStage<Void> ready;
        synchronized (this) { // joins and leaves are rare next to broadcasts, which take no lock
            Set<Member> members = rooms.get(room);
            if (members == null) {
                // Not a copy-on-write set: that copies the room on every join, which for a room of
                // 10 000 members is some 200 MB copied as they arrive. A broadcast that runs while a
                // member joins or leaves may reach it or not; every later one does (or does not).
                rooms.put(room, members = ConcurrentHashMap.newKeySet());
                // In the lock, so that the backend hears of joins and leaves in their order (its calls do not block).
                CompletionStage<Void> subscribed = backend.subscribe(room);
                subscribed.exceptionally(e -> failed("subscribe to", room, e));
                subscriptions.put(room, subscribed);
            }
            members.add(member);
            backend.localCount(room, members.size());
            ready = subscriptions.get(room);
        }
        return new Membership(this, room, member, ready);
    }

    /** Takes {@code member} out of {@code room}; true if it was in it. */
    public boolean leave(String room, Member member) {
        synchronized (this) {
            Set<Member> members = rooms.get(room);
            if (members == null || !members.remove(member)) return false;
            int count = members.size();
            if (count == 0) {
                rooms.remove(room);
                subscriptions.remove(room);
            }
            backend.localCount(room, count);
            if (count == 0 && !closed) backend.unsubscribe(room).exceptionally(e -> failed("unsubscribe from", room, e));
        }
        return true;
    }

    /**
     * Sends {@code message} to every member of {@code room}, here and on the other instances;
     * completes once the backend took it (at once, in memory). A room nobody is in drops it.
     */
    public CompletionStage<Void> broadcast(String room, String message) {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(message, "message");
        if (closed) throw new IllegalStateException("the hub is closed");
        return backend.publish(room, message);
    }

    /** How many members {@code room} has on this instance. */
    public int localCount(String room) {
        Set<Member> members = rooms.get(room);
        return members == null ? 0 : members.size();
    }

    /** How many members {@code room} has on every instance (this one only, in memory). */
    public CompletionStage<Long> presence(String room) {
        return backend.presence(room);
    }

    /** The rooms with members on this instance. */
    public Set<String> rooms() {
        return Set.copyOf(rooms.keySet());
    }

    /** Closes the backend; members stay where they are but receive nothing more. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        backend.close();
    }

    /** A message for {@code room} arrived: hand it to each local member, dropping those that are gone. */
    private void fanOut(String room, String message) {
        Set<Member> members = rooms.get(room);
        if (members == null) return;
        for (Member m : members) {
            boolean alive;
            try {
                alive = m.deliver(message);
            } catch (RuntimeException e) {
                log.warn("A member of room {} failed to take a message; it leaves the room", room, e);
                alive = false;
            }
            if (!alive) leave(room, m);
        }
    }

    private static Void failed(String what, String room, Throwable e) {
        log.warn("The hub's backend could not {} room {}", what, room, e);
        return null;
    }
}
