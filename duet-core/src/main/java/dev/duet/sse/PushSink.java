package dev.duet.sse;

/** {@link EventSink} over an {@link EventChannel}: sends queue and never wait. */
final class PushSink implements EventSink {
    private final EventChannel channel;

    PushSink(EventChannel channel) {
        this.channel = channel;
    }

    @Override
    public boolean send(Event event) {
        return channel.offer(event);
    }

    @Override
    public long queuedBytes() {
        return channel.queuedBytes();
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

    @Override
    public void complete() {
        channel.end(null);
    }

    @Override
    public void close() {
        channel.close("the app closed it", false);
    }
}
