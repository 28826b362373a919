package dev.duet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The UTF-8 bytes of the text last sent on one of an app's WebSockets, so that a broadcast (a
 * {@link dev.duet.hub.Hub} room, or an app's own loop over its sockets) encodes its message once
 * instead of once per socket: at 10 000 members that is 10 000 copies of the message a broadcast
 * no longer makes. One per app, shared by its sockets.
 *
 * <p>Keyed by the String's identity: a String never changes, so the same instance always has the
 * same bytes, while an equal but distinct one just encodes again (an equality test would cost as
 * much as the encoding it saves). No lock: when broadcasts of different texts race, one of them
 * encodes again, never sends the other's bytes. It keeps the last text alive until the next one.
 */
final class SharedText {
    private record Encoded(String text, byte[] utf8) {
    }

    private volatile Encoded last;

    /** {@code text} in UTF-8, as a buffer of its own (its position is the caller's) over bytes no one may change. */
    ByteBuffer utf8(String text) {
        Encoded e = last;
        if (e == null || e.text() != text) last = e = new Encoded(text, text.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(e.utf8()).asReadOnlyBuffer();
    }
}
