package dev.duet;

import dev.duet.internal.ContentCodings;
import dev.duet.internal.Gzip;
import dev.duet.internal.KeepOpen;
import dev.duet.spi.Compressor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Response compression, on by default ({@code compression}): a text-like response (text/*, JSON,
 * JavaScript, XML, SVG, +json, +xml) of at least {@code compressionMinSize} bytes is sent in the
 * coding the client prefers by {@code Accept-Encoding}, br before gzip when it likes both as
 * much (br only with {@code duet-brotli} on the class path). Every such response says
 * {@code Vary: Accept-Encoding}, compressed or not, so that a cache keeps the two apart.
 *
 * <p>Left as they are: responses that already have a {@code Content-Encoding} (precompressed
 * static files), {@code 1xx}, {@code 204}, {@code 206} and {@code 304}, {@code Cache-Control:
 * no-transform}, other types (images, archives), smaller bodies, and routes that opted out
 * ({@link Route#compress(boolean)}). A HEAD answer is treated as its GET, so both send the same
 * headers. A compressed response's strong {@code ETag} is weakened ({@code W/"..."}), as nginx
 * does: the bytes differ from the identity body's, while a conditional GET (weak comparison) still
 * matches; {@code Accept-Ranges} is dropped, as ranges apply to the identity body.
 *
 * <p>A streamed body is compressed as it is written (its flushes still send what was written);
 * one with a known length loses it, and goes chunked.
 */
final class Compression {
    private static final Logger log = LoggerFactory.getLogger(Compression.class);

    /**
     * The largest body compressed wherever the response was finished, event loop included. 16 KiB
     * of JSON took 78 µs with gzip and 212 µs with br (duet-brotli), which a loop can spare between
     * requests; 1 MiB took 9 ms and 24 ms, a stall for every connection of the loop, so a larger
     * body finished on a loop (an async handler's) is compressed on the CPU pool instead. A
     * blocking handler's response is finished on its virtual thread and compressed there.
     */
    static final int INLINE_LIMIT = 16 * 1024;

    private final boolean on;
    private final int minSize;
    private final Compressor gzip;
    private final Compressor br;

    Compression(Config config) {
        this.on = config.compression();
        this.minSize = config.compressionMinSize();
        Compressor found = null;
        // Only looked for when compression is on; the first br coding found wins. One that cannot
        // load (duet-brotli without a native library for this platform) leaves gzip alone.
        if (on) {
            var it = ServiceLoader.load(Compressor.class, Compression.class.getClassLoader()).iterator();
            while (found == null) {
                try {
                    if (!it.hasNext()) break;
                    Compressor c = it.next();
                    if (c.coding().equals("br")) found = c;
                } catch (ServiceConfigurationError | LinkageError e) {
                    log.warn("A compressor could not load, so responses are compressed without it: {}", e.toString());
                }
            }
        }
        this.br = found;
        this.gzip = new Gzip();
    }

    /**
     * The coding to compress {@code res} with for {@code req}, or null to send it as it is. Adds
     * {@code Vary: Accept-Encoding} to a response that could be compressed. Cheap for what is not
     * compressible (a few header looks, no allocation); encodes a JSON body to learn its size.
     */
    Compressor choose(Request req, Response res, boolean routeAllows) {
        if (!on || !routeAllows) return null;
        int status = res.status();
        if (status < 200 || status == 204 || status == 206 || status == 304) return null;
        if (res.header("Content-Encoding") != null) return null;
        String type = res.header("Content-Type");
        if (type == null) type = res.contentType();
        if (!compressible(type) || noTransform(res)) return null;
        if (size(res) < minSize) return null;
        vary(res);
        String accept = req.header("Accept-Encoding");
        if (accept == null) return null;
        String coding = ContentCodings.preferred(accept, br != null, true);
        if (coding == null) return null;
        return coding.equals("br") ? br : gzip;
    }

    /** True if compressing {@code res} is too much work for an event loop (see {@link #INLINE_LIMIT}). */
    static boolean heavy(Response res) {
        return !res.isStreamed() && res.encodedBody().length > INLINE_LIMIT;
    }

    /** Compresses {@code res} with {@code coding}, chosen for it by {@link #choose}; on failure sends it as it is. */
    static void compress(Response res, Compressor coding) {
        if (res.body() instanceof Response.StreamBody stream) {
            pinType(res);
            res.body((Response.StreamBody) out -> {
                try (OutputStream z = coding.compressing(new KeepOpen(out))) {
                    stream.writeTo(z);
                }
            });
            label(res, coding);
            return;
        }
        byte[] packed = pack(res.encodedBody(), coding);
        if (packed != null) use(res, coding, packed);
    }

    /**
     * {@code plain} compressed with {@code coding}, or null if that failed or saved nothing. A pure
     * function of its input, so it may run on another thread while the response waits.
     */
    static byte[] pack(byte[] plain, Compressor coding) {
        byte[] packed;
        try {
            packed = coding.compress(plain);
        } catch (RuntimeException e) {
            log.warn("Could not {}-compress a body of {} bytes; sending it uncompressed", coding.coding(), plain.length, e);
            return null;
        }
        return packed.length < plain.length ? packed : null; // incompressible after all: the smaller body wins
    }

    /** Makes {@code packed}, {@link #pack}ed from {@code res}'s body, its body. */
    static void use(Response res, Compressor coding, byte[] packed) {
        pinType(res);
        res.body(packed);
        label(res, coding);
    }

    /** The type was derived from the body, which is about to become bytes or a stream: keep it. */
    private static void pinType(Response res) {
        if (res.header("Content-Type") == null) res.contentType(res.contentType());
    }

    private static void label(Response res, Compressor coding) {
        res.header("Content-Encoding", coding.coding());
        res.header("Accept-Ranges", null);
        String etag = res.header("ETag");
        if (etag != null && etag.startsWith("\"")) res.header("ETag", "W/" + etag);
    }

    /** The body's size in bytes: a stream of unknown length counts as large. */
    private static long size(Response res) {
        Object body = res.body();
        if (body instanceof Response.SizedStream sized) return sized.length();
        if (body instanceof Response.StreamBody) return Long.MAX_VALUE;
        try {
            return res.encodedBody().length;
        } catch (RuntimeException e) {
            return -1; // the core answers 500 for a body that cannot be encoded: nothing to compress
        }
    }

    private static void vary(Response res) {
        if (res.header("Vary") == null) {
            res.header("Vary", "Accept-Encoding");
            return;
        }
        for (String value : res.headers().all("Vary")) {
            for (String token : value.split(",")) {
                String t = token.trim();
                if (t.equals("*") || t.equalsIgnoreCase("Accept-Encoding")) return;
            }
        }
        res.addHeader("Vary", "Accept-Encoding");
    }

    private static boolean noTransform(Response res) {
        if (res.header("Cache-Control") == null) return false; // the common case, without a list
        for (String value : res.headers().all("Cache-Control")) {
            for (String directive : value.split(",")) {
                if (directive.trim().equalsIgnoreCase("no-transform")) return true;
            }
        }
        return false;
    }

    /**
     * True for the types worth compressing: text/* (but {@code text/event-stream}), JSON, JavaScript, XML, SVG and the
     * {@code +json} and {@code +xml} families. Read in place, without copying or lower-casing.
     */
    static boolean compressible(String type) {
        if (type == null) return false;
        int end = type.indexOf(';');
        if (end < 0) end = type.length();
        while (end > 0 && type.charAt(end - 1) == ' ') end--;
        // An event stream is a text, but one compressed would sit in the coder's buffer instead of
        // reaching the client event by event.
        if (is(type, end, 0, "text/event-stream")) return false;
        if (type.regionMatches(true, 0, "text/", 0, 5)) return true;
        if (is(type, end, 0, "image/svg+xml")) return true;
        if (!type.regionMatches(true, 0, "application/", 0, 12)) return false;
        return is(type, end, 12, "json") || is(type, end, 12, "javascript") || is(type, end, 12, "xml")
                || is(type, end, 12, "x-javascript") || is(type, end, 12, "ecmascript")
                || endsWith(type, end, "+json") || endsWith(type, end, "+xml");
    }

    /** True if {@code type}'s characters from {@code from} to {@code end} are {@code word}, in any case. */
    private static boolean is(String type, int end, int from, String word) {
        return end - from == word.length() && type.regionMatches(true, from, word, 0, word.length());
    }

    private static boolean endsWith(String type, int end, String suffix) {
        return end >= suffix.length() && type.regionMatches(true, end - suffix.length(), suffix, 0, suffix.length());
    }
}
