package dev.duet.sse;

import java.io.IOException;

/** {@link Events} over an {@link EventChannel}: sends wait for room. */
final class BlockingEvents implements Events {
    private final EventChannel channel;

    BlockingEvents(EventChannel channel) {
        this.channel = channel;
    }

    @Override
    public void send(Event event) throws IOException {
        channel.sendWaiting(event);
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public String lastEventId() {
        return channel.lastEventId();
    }

    @Override
    public void onClose(Runnable action) {
        channel.onClose(action);
    }
}
