package dev.duet.hub;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Hub#inMemory()}'s backend: a broadcast goes straight back to the one hub, on the broadcaster's thread. */
final class LocalBackend implements Hub.Backend {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private Hub.Inbox inbox;

    @Override
    public void connect(Hub.Inbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public CompletionStage<Void> subscribe(String room) {
        return DONE;
    }

    @Override
    public CompletionStage<Void> unsubscribe(String room) {
        return DONE;
    }

    @Override
    public CompletionStage<Void> publish(String room, String message) {
        inbox.receive(room, message);
        return DONE;
    }

    @Override
    public void localCount(String room, int members) {
        if (members == 0) counts.remove(room);
        else counts.put(room, members);
    }

    @Override
    public CompletionStage<Long> presence(String room) {
        return CompletableFuture.completedFuture((long) counts.getOrDefault(room, 0));
    }

    @Override
    public void close() {
    }
}
