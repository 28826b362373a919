package dev.duet.netty;

import dev.duet.Config;
import dev.duet.HttpError;
import dev.duet.spi.MultipartForm;
import dev.duet.spi.MultipartParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code multipart/form-data} body being received: the event loop hands its chunks (retained
 * {@link ByteBuf}s) to a virtual thread of its own, which feeds them to a {@link MultipartParser}
 * (the parser writes files to disk, which must never happen on the loop) and releases them.
 *
 * <p><b>Back-pressure.</b> While more than {@value #PAUSE_ABOVE} bytes wait for the parser, the
 * connection stops reading ({@link #holdsReading}); it reads again once fewer than
 * {@value #RESUME_BELOW} do. So a client faster than the disk fills the socket buffers, not the
 * heap.
 *
 * <p><b>Endings.</b> The parser's outcome goes back to the loop: the parsed form to
 * {@link RequestReader#uploadParsed}, a refusal (413, 400, or 500 if the disk failed) to
 * {@link RequestReader#uploadFailed}. If the loop gives up first ({@link #cancel}: the client
 * left, the read timeout, a refusal), the thread stops at the next chunk and the parser deletes
 * every temp file it wrote. Fields touched only on the loop are marked so; the rest are shared.
 */
final class StreamedUpload implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(StreamedUpload.class);

    static final long PAUSE_ABOVE = 1024 * 1024;
    static final long RESUME_BELOW = 256 * 1024;
    private static final ByteBuf END = Unpooled.unreleasableBuffer(Unpooled.buffer(0));
    private static final ByteBuf STOP = Unpooled.unreleasableBuffer(Unpooled.buffer(0));

    private final RequestReader reader;
    private final EventExecutor loop;
    private final MultipartParser parser;
    private final String uploadDir;
    private final LinkedBlockingQueue<ByteBuf> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean resumeScheduled = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile boolean done;
    private volatile boolean paused;
    // on the loop only
    private long received;
    private boolean inputEnded;

    /** Starts receiving a body of {@code contentType}: a 400 {@link HttpError} if it names no boundary. */
    StreamedUpload(RequestReader reader, EventExecutor loop, Config config, String contentType) {
        this.reader = reader;
        this.loop = loop;
        this.parser = MultipartParser.start(config, contentType);
        this.uploadDir = config.uploadDir();
        Thread.ofVirtual().name("duet-upload").start(this);
    }

    // ---- on the loop ----

    /** Bytes of the body received so far (the total is checked on the loop, at once). */
    long received() {
        return received;
    }

    /** Hands {@code data} (retained for this upload) to the parser. */
    void offer(ByteBuf data) {
        int n = data.readableBytes();
        received += n;
        queued.addAndGet(n);
        queue.add(data);
        if (done) releaseQueued(); // the thread has stopped: nobody else will
        if (!paused && queued.get() > PAUSE_ABOVE) {
            paused = true;
            reader.flowChanged();
        }
    }

    /** The body is all here: the parser finishes once it has the rest. */
    void endOfInput() {
        inputEnded = true;
        queue.add(END);
    }

    /** True once the whole body has arrived (what follows on the connection is the next request). */
    boolean inputEnded() {
        return inputEnded;
    }

    /** True if the connection should not read for now: too much is queued, or the body is over. */
    boolean holdsReading() {
        return paused || inputEnded;
    }

    /** Gives up: the thread stops and the temp files are deleted. Idempotent. */
    void cancel() {
        cancelled = true;
        queue.add(STOP);
    }

    private void resume() {
        resumeScheduled.set(false);
        if (paused && queued.get() < RESUME_BELOW) {
            paused = false;
            reader.flowChanged();
        }
    }

    // ---- on the upload's virtual thread ----

    @Override
    public void run() {
        boolean finished = false;
        try {
            while (!cancelled) {
                ByteBuf b = queue.take();
                if (b == STOP) break;
                if (b == END) {
                    MultipartForm form = parser.finish();
                    finished = true;
                    toLoop(() -> reader.uploadParsed(this, form), form);
                    return;
                }
                int n = b.readableBytes();
                try {
                    for (ByteBuffer piece : b.nioBuffers()) parser.write(piece); // views: the parser copies once
                } finally {
                    b.release();
                }
                if (queued.addAndGet(-n) < RESUME_BELOW && paused && resumeScheduled.compareAndSet(false, true)) {
                    toLoop(this::resume, null);
                }
            }
        } catch (HttpError e) {
            toLoop(() -> reader.uploadFailed(this, e.status(), e.getMessage()), null);
        } catch (IOException | RuntimeException e) {
            log.error("Could not store an upload in {}", uploadDir, e);
            toLoop(() -> reader.uploadFailed(this, 500, "Internal Server Error"), null);
        } catch (InterruptedException e) {
            // (nothing interrupts this thread but a JVM going down)
        } finally {
            if (!finished) parser.abort();
            done = true;
            releaseQueued();
        }
    }

    /** Runs {@code task} on the loop; if the loop is gone, the parsed {@code form} (if any) is deleted. */
    private void toLoop(Runnable task, MultipartForm form) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            if (form != null) form.delete();
        }
    }

    private void releaseQueued() {
        ByteBuf b;
        while ((b = queue.poll()) != null) {
            if (b != END && b != STOP) b.release();
        }
    }
}
