package dev.duet.servlet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Notices a client that closes its connection while its request is being handled, which Jetty
 * does not: while it handles a request it does not read the connection, so a close goes unseen
 * until the response is written. The Netty core cancels such a request at once (its sleep is
 * interrupted, its stage cancelled); this gives the Jetty core the same.
 *
 * <p>How: a request still in progress after {@value #DELAY_MILLIS} ms has its socket registered
 * for reading with a selector of this watch's own (a channel may be registered with several
 * selectors; Jetty's keeps its registration). When the socket becomes readable with no bytes
 * available, the peer has closed (or reset) it: the request's {@code onClose} runs. Nothing is
 * ever read, so a pipelined request that arrives meanwhile stays in the socket for Jetty (the watch
 * just stops watching that request). Fast requests, the common case, end before they are ever
 * registered and cost one queue entry.
 *
 * <p>The watch looks once every {@value #DELAY_MILLIS} ms ({@code selectNow}), never blocking in a
 * select: a blocking select woke for nearly every watched request, since its keep-alive client
 * sends the next request (the socket turns readable) before the cancelled key of the one answered
 * is dropped. With 5 000 slow requests in flight that was a wake-up and an {@code epoll_wait} per
 * request, a fifth of the process's CPU; once per interval it is a batch. A client that leaves is
 * noticed up to {@value #DELAY_MILLIS} ms later than it could be.
 */
final class DisconnectWatch implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(DisconnectWatch.class);
    static final long DELAY_MILLIS = 50;

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Watch> incoming = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Watch> waiting = new ArrayDeque<>();
    private ArrayDeque<Watch> retry = new ArrayDeque<>();
    private volatile boolean closed;

    DisconnectWatch() throws IOException {
        selector = Selector.open();
        thread = Thread.ofPlatform().daemon().name("duet-jetty-disconnects").start(this);
    }

    /** Watches {@code channel} until {@link Watch#done()}; runs {@code onClose} (once) if the peer closes it first. */
    Watch watch(SocketChannel channel, Runnable onClose) {
        Watch w = new Watch(channel, onClose, System.nanoTime());
        if (!closed) incoming.add(w);
        return w;
    }

    void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            while (!closed) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS));
                if (closed) break;
                selector.selectNow(); // also drops the keys cancelled since the last pass
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    Watch w = (Watch) key.attachment();
                    key.cancel();
                    if (!w.done && w.peerClosed()) w.fire();
                }
                registerDue();
            }
        } catch (IOException | RuntimeException | Error e) {
            log.error("The disconnect watch stopped; clients that go away are now noticed only when written to", e);
        } finally {
            closed = true;
            incoming.clear();
            try {
                selector.close();
            } catch (IOException e) {
                log.debug("Closing the disconnect watch's selector failed", e);
            }
        }
    }

    /**
     * Registers the requests that have been in progress for {@value #DELAY_MILLIS} ms. A channel
     * whose previous request's key was cancelled since the last select cannot be registered again
     * until a select has dropped the key: it is retried on the next pass.
     */
    private void registerDue() {
        ArrayDeque<Watch> again = new ArrayDeque<>();
        Watch w;
        while ((w = retry.poll()) != null) {
            if (!w.done && !w.register(selector)) again.add(w);
        }
        while ((w = incoming.poll()) != null) {
            if (!w.done) waiting.addLast(w);
        }
        long due = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS);
        while ((w = waiting.peekFirst()) != null && (w.done || w.since - due <= 0)) {
            waiting.pollFirst();
            if (!w.done && !w.register(selector)) again.add(w);
        }
        retry = again;
    }

    /** One request's watch. */
    static final class Watch {
        private final SocketChannel channel;
        private final Runnable onClose;
        private final long since;
        private volatile boolean done;
        private volatile SelectionKey key;

        Watch(SocketChannel channel, Runnable onClose, long since) {
            this.channel = channel;
            this.onClose = onClose;
            this.since = since;
        }

        /** The request is over: stop watching (any thread). */
        void done() {
            done = true;
            SelectionKey k = key;
            if (k != null) k.cancel();
        }

        /** False if it must be tried again after the next select. */
        private boolean register(Selector selector) {
            try {
                key = channel.register(selector, SelectionKey.OP_READ, this);
                if (done) key.cancel();
            } catch (ClosedChannelException e) {
                fire();
            } catch (CancelledKeyException e) {
                return false; // the previous request's key on this connection is not dropped yet
            }
            return true;
        }

        /** Readable with nothing to read: the peer closed or reset the connection. */
        private boolean peerClosed() {
            try {
                return channel.socket().getInputStream().available() == 0;
            } catch (IOException e) {
                return true;
            }
        }

        private void fire() {
            if (done) return;
            done = true;
            try {
                onClose.run();
            } catch (RuntimeException e) {
                log.warn("Cancelling a request whose client went away failed", e);
            }
        }
    }
}
