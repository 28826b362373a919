package dev.duet.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a class path source found, remembered: each name is looked up once, and a small file's
 * bytes are read once and kept in memory. The class path of a running app does not change, and
 * looking a resource up costs the class loader's search and, in a jar, a {@code JarURLConnection}
 * whose jar file the JDK shares behind a lock: under thousands of concurrent requests for one
 * stylesheet, that lock was the queue (the soak's 504s).
 *
 * <p>Bounded: a file over {@code fileLimit} bytes is not kept (its lookup is, and it is streamed
 * from its jar per request as before), nor one that would take the total over {@code totalLimit};
 * at most {@link #MAX_NAMES} names are remembered (missing ones included, so a client asking for
 * random names cannot grow it without end). Dev mode does not use this cache: edits must show at once.
 *
 * <pre>{@code
 * ResourceCache cache = new ResourceCache(StaticSource.classPath("static", loader), 256 * 1024, 16 << 20);
 * StaticSource.Entry css = cache.find(List.of("tour.css")); // the loader is asked once
 * }</pre>
 */
public final class ResourceCache {
    /** At most this many names (found or not) are remembered. */
    public static final int MAX_NAMES = 10_000;
    private static final Object MISSING = new Object();

    private final StaticSource source;
    private final int fileLimit;
    private final long totalLimit;
    private final ConcurrentHashMap<String, Object> known = new ConcurrentHashMap<>();
    private final AtomicLong used = new AtomicLong();

    /** Remembers what {@code source} finds, keeping files up to {@code fileLimit} bytes, {@code totalLimit} in all. */
    public ResourceCache(StaticSource source, int fileLimit, long totalLimit) {
        this.source = source;
        this.fileLimit = fileLimit;
        this.totalLimit = totalLimit;
    }

    /** The entry at {@code segments}, as {@link StaticSource#find} says, asking the source only the first time. */
    public StaticSource.Entry find(List<String> segments) throws IOException {
        String name = String.join("/", segments);
        Object seen = known.get(name);
        if (seen == null) {
            if (known.size() >= MAX_NAMES) return source.find(segments);
            try {
                // The first requests for a name wait for one lookup rather than each doing it: under
                // load, a cold file is asked for by many at once.
                seen = known.computeIfAbsent(name, n -> lookUp(segments));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return seen == MISSING ? null : (StaticSource.Entry) seen;
    }

    /** Bytes held in memory now. */
    public long bytesInMemory() {
        return used.get();
    }

    private Object lookUp(List<String> segments) {
        try {
            StaticSource.Entry e = source.find(segments);
            if (e == null) return MISSING;
            long size = e.size();
            if (size > fileLimit || !reserve(size)) return e;
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
            try {
                e.copyTo(out, 0, size);
            } catch (IOException | RuntimeException failed) {
                used.addAndGet(-size);
                throw failed;
            }
            return new InMemory(out.toByteArray(), e.lastModified(), e.tag());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean reserve(long size) {
        while (true) {
            long u = used.get();
            if (u + size > totalLimit) return false;
            if (used.compareAndSet(u, u + size)) return true;
        }
    }

    /** A file read whole into memory; {@link #bytes()} is shared, never to be written to. */
    public record InMemory(byte[] bytes, Instant lastModified, String tag) implements StaticSource.Entry {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void copyTo(OutputStream out, long first, long count) throws IOException {
            if (first < 0 || count < 0 || first + count > bytes.length) {
                throw new IOException("bytes " + first + "+" + count + " are beyond this " + bytes.length + "-byte file");
            }
            out.write(bytes, (int) first, (int) count);
        }
    }
}
