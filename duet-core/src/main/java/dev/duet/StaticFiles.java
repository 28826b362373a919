package dev.duet;

import dev.duet.internal.ByteRanges;
import dev.duet.internal.ContentCodings;
import dev.duet.internal.MediaTypes;
import dev.duet.internal.ResourceCache;
import dev.duet.internal.StaticPaths;
import dev.duet.internal.StaticSource;
import dev.duet.internal.Validators;
import dev.duet.spi.HttpDate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Serves the files of a directory, or of a folder on the class path (a jar included), on a route
 * that ends with a catch-all parameter. It is a blocking {@link Handler}: files are read on the
 * request's virtual thread, and a large file is streamed with its {@code Content-Length}, never
 * read whole into memory.
 *
 * <pre>{@code
 * app.get("/static/{file:*}", StaticFiles.directory(Path.of("public")));
 * app.get("/assets/{file:*}", StaticFiles.classpath("assets")                    // from the jar too
 *         .cacheControl("public, max-age=31536000, immutable"));                  // fingerprinted names
 * }</pre>
 *
 * <p>What it answers (details in {@code docs/static-files.md}):
 * <ul>
 * <li>{@code Content-Type} by extension (text types with {@code ; charset=utf-8}; unknown
 *     extensions {@code application/octet-stream}), a strong {@code ETag} that changes when the
 *     file does, {@code Last-Modified}, {@code Accept-Ranges: bytes} and the configured
 *     {@code Cache-Control} ({@code no-cache} by default).
 * <li>{@code If-None-Match} (weak comparison, lists, {@code *}) and {@code If-Modified-Since}:
 *     {@code 304}. {@code If-Match} and {@code If-Unmodified-Since}: {@code 412} when they fail.
 * <li>{@code Range}: one range is {@code 206} with {@code Content-Range}; none satisfiable is
 *     {@code 416} with {@code Content-Range: bytes *}{@code /LENGTH}; several ranges, or a range
 *     whose {@code If-Range} no longer matches, are answered with the whole file ({@code 200}).
 * <li>Precompressed files: {@code app.css.br} or {@code app.css.gz} beside {@code app.css}, if the
 *     client's {@code Accept-Encoding} takes them, with {@code Content-Encoding}, an entity tag of
 *     their own, and {@code Vary: Accept-Encoding} on every answer for a file that has them.
 * <li>{@code 404} for a folder, a missing file, a hidden file (a name starting with a dot, unless
 *     {@link #hiddenFiles(boolean)}), and every path that could reach outside the root ({@code ..},
 *     encoded separators, control characters, malformed UTF-8, a symbolic link leading out); a
 *     malformed percent-encoding is the router's {@code 400}.
 * </ul>
 *
 * <p>The handler finds the file's path from the route: the part of the request's path, as sent,
 * that the route's last segment, a catch-all {@code {name:*}}, matched. It reads the raw path
 * rather than the decoded parameter so that an encoded {@code %2f} stays one name, never a
 * separator. On a route without a catch-all it fails (a 500 naming the route).
 *
 * <p>Class path files are looked up once and, up to {@link #memoryCache(int, long)}'s limits,
 * read once and kept in memory: the class path of a running app does not change. Not in dev mode,
 * where an edited file must show at once.
 *
 * <p>Immutable: each setting returns a new {@code StaticFiles}, so one may be shared and derived from.
 */
public final class StaticFiles implements Handler {
    /** Files up to this size are read into memory at once: a stream costs a thread and a hand-off for nothing. */
    private static final int SMALL = 32 * 1024;

    /** A class path file up to this size is kept in memory by default (256 KiB). */
    public static final int DEFAULT_MEMORY_FILE_LIMIT = 256 * 1024;
    /** Class path files kept in memory by one {@code StaticFiles} take at most this much by default (16 MiB). */
    public static final long DEFAULT_MEMORY_TOTAL_LIMIT = 16L * 1024 * 1024;

    private final StaticSource source;
    private final String cacheControl;
    private final boolean precompressed;
    private final boolean hiddenFiles;
    private final Map<String, String> types;
    /** For a class path source, outside dev mode; null for a directory. Shared by derived instances (same files). */
    private final ResourceCache cache;

    private StaticFiles(StaticSource source, String cacheControl, boolean precompressed, boolean hiddenFiles,
                        Map<String, String> types, ResourceCache cache) {
        this.source = source;
        this.cacheControl = cacheControl;
        this.precompressed = precompressed;
        this.hiddenFiles = hiddenFiles;
        this.types = types;
        this.cache = cache;
    }

    /**
     * The files below {@code dir}, which must exist and be a directory now (it is resolved to its
     * real path once; files appearing in it later are served).
     *
     * @throws IllegalArgumentException if {@code dir} is not a directory
     */
    public static StaticFiles directory(Path dir) {
        return new StaticFiles(StaticSource.directory(dir), "no-cache", true, false, MediaTypes.DEFAULTS, null);
    }

    /**
     * The resources below the class path folder {@code root} (e.g. {@code static}, meaning
     * {@code src/main/resources/static}), found by the thread's context class loader, or Duet's
     * own if it has none; in a directory or in a jar alike.
     *
     * @throws IllegalArgumentException if {@code root} is empty (the whole class path: the app's
     *     classes and configuration) or is not a plain folder path ({@code ..}, a dot-folder)
     */
    public static StaticFiles classpath(String root) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return classpath(root, loader != null ? loader : StaticFiles.class.getClassLoader());
    }

    /** The resources below the class path folder {@code root} that {@code loader} finds. */
    public static StaticFiles classpath(String root, ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        String r = root.strip();
        while (r.startsWith("/")) r = r.substring(1);
        while (r.endsWith("/")) r = r.substring(0, r.length() - 1);
        if (r.isEmpty()) {
            // The whole class path holds the app's classes and its configuration, secrets included.
            throw new IllegalArgumentException("static files: name a class path folder, such as \"static\";"
                    + " serving the whole class path would serve the app's classes and configuration");
        }
        if (StaticPaths.segments(r, false) == null) {
            throw new IllegalArgumentException("static files: '" + root + "' is not a plain class path folder name");
        }
        StaticSource source = StaticSource.classPath(r, loader);
        return new StaticFiles(source, "no-cache", true, false, MediaTypes.DEFAULTS,
                new ResourceCache(source, DEFAULT_MEMORY_FILE_LIMIT, DEFAULT_MEMORY_TOTAL_LIMIT));
    }

    /**
     * These files with {@code Cache-Control: value}; null or empty sends none. The default,
     * {@code no-cache}, lets a browser keep a file but makes it ask each time, which costs a
     * {@code 304} without a body when nothing changed: right for files whose names stay the same
     * when they change. Fingerprinted files ({@code app.3f9a1c.css}) are better served with
     * {@code public, max-age=31536000, immutable}.
     */
    public StaticFiles cacheControl(String value) {
        String v = value == null || value.isBlank() ? null : value.strip();
        return new StaticFiles(source, v, precompressed, hiddenFiles, types, cache);
    }

    /**
     * Whether {@code x.br} and {@code x.gz} beside {@code x} are served in its place to clients that
     * accept them (on by default). When on, each request looks for both (two more file lookups),
     * to send {@code Vary: Accept-Encoding} for exactly the files that have them.
     */
    public StaticFiles precompressed(boolean on) {
        return new StaticFiles(source, cacheControl, on, hiddenFiles, types, cache);
    }

    /**
     * Whether files and folders whose name starts with a dot ({@code .env}, {@code .git/}) are
     * served; off by default, so that nothing meant to stay beside the files leaks. Turn it on for
     * a root that holds {@code .well-known/}, say.
     */
    public StaticFiles hiddenFiles(boolean serve) {
        return new StaticFiles(source, cacheControl, precompressed, serve, types, cache);
    }

    /**
     * These files with {@code extension} (without the dot, any case) sent as {@code contentType},
     * in place of Duet's table or in addition to it.
     */
    public StaticFiles contentType(String extension, String contentType) {
        String ext = extension.strip().toLowerCase(Locale.ROOT);
        if (ext.startsWith(".")) ext = ext.substring(1);
        if (ext.isEmpty()) throw new IllegalArgumentException("a content type needs an extension");
        Map<String, String> t = new HashMap<>(types);
        t.put(ext, Objects.requireNonNull(contentType, "contentType"));
        return new StaticFiles(source, cacheControl, precompressed, hiddenFiles, Map.copyOf(t), cache);
    }

    /**
     * How much of a class path folder is kept in memory: each file up to {@code maxFileBytes}
     * (default {@value #DEFAULT_MEMORY_FILE_LIMIT}), up to {@code maxTotalBytes} in all (default
     * 16 MiB); bigger files, and those past the total, are streamed from their jar per request.
     * {@code memoryCache(0, 0)} keeps no bytes (lookups are still remembered). No effect on a
     * directory, whose files may change, nor in dev mode.
     *
     * <pre>{@code
     * app.get("/assets/{file:*}", StaticFiles.classpath("assets").memoryCache(1 << 20, 64L << 20));
     * }</pre>
     *
     * @throws IllegalArgumentException if a limit is negative
     */
    public StaticFiles memoryCache(int maxFileBytes, long maxTotalBytes) {
        if (maxFileBytes < 0 || maxTotalBytes < 0) {
            throw new IllegalArgumentException("static files: memory cache limits must be 0 or more, not "
                    + maxFileBytes + " and " + maxTotalBytes);
        }
        ResourceCache c = cache == null ? null : new ResourceCache(source, maxFileBytes, maxTotalBytes);
        return new StaticFiles(source, cacheControl, precompressed, hiddenFiles, types, c);
    }

    /** Answers a GET or HEAD for a file; see the class comment. */
    @Override
    public Object handle(Request req) throws IOException {
        HttpMethod method = req.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            throw new HttpError(405, "Static files answer GET and HEAD only", Map.of("Allow", "GET, HEAD"), null);
        }
        String tail = StaticPaths.tail(req.route(), req.path());
        List<String> segments = StaticPaths.segments(tail, hiddenFiles);
        // Dev mode asks the class path each time: an edited file must show at once (live reload).
        ResourceCache remembered = cache == null || req.app().config().dev() ? null : cache;
        StaticSource.Entry file = segments == null ? null : find(remembered, segments);
        if (file == null) throw HttpError.notFound("No file at " + req.path());

        String coding = null;
        StaticSource.Entry chosen = file;
        boolean vary = false;
        if (precompressed) {
            StaticSource.Entry br = find(remembered, sibling(segments, ".br"));
            StaticSource.Entry gz = find(remembered, sibling(segments, ".gz"));
            vary = br != null || gz != null;
            if (vary) {
                coding = ContentCodings.preferred(req.header("Accept-Encoding"), br != null, gz != null);
                if (coding != null) chosen = coding.equals("br") ? br : gz;
            }
        }

        String etag = "\"" + chosen.tag() + (coding == null ? "" : "-" + coding) + "\"";
        Instant modified = chosen.lastModified();
        Response res = new Response();
        res.header("ETag", etag);
        res.header("Last-Modified", HttpDate.format(modified));
        if (cacheControl != null) res.header("Cache-Control", cacheControl);
        if (vary) res.header("Vary", "Accept-Encoding");

        // Preconditions in RFC 9110 §13.2.2's order.
        String ifMatch = req.header("If-Match");
        if (ifMatch != null) {
            if (!Validators.matches(ifMatch, etag, true)) {
                throw new HttpError(412, "The file is not the version If-Match names: its entity tag is " + etag);
            }
        } else {
            Instant since = dateHeader(req, "If-Unmodified-Since");
            if (since != null && modified.getEpochSecond() > since.getEpochSecond()) {
                throw new HttpError(412, "The file changed after If-Unmodified-Since: it was modified "
                        + HttpDate.format(modified));
            }
        }
        String ifNoneMatch = req.header("If-None-Match");
        if (ifNoneMatch != null) {
            if (Validators.matches(ifNoneMatch, etag, false)) return res.status(304);
        } else {
            Instant since = dateHeader(req, "If-Modified-Since");
            if (since != null && modified.getEpochSecond() <= since.getEpochSecond()) return res.status(304);
        }

        String type = MediaTypes.of(segments.getLast(), types);
        if (coding != null) res.header("Content-Encoding", coding);
        res.header("Accept-Ranges", "bytes");
        long size = chosen.size();
        long first = 0;
        long count = size;
        String range = method == HttpMethod.GET ? req.header("Range") : null; // RFC 9110 §14.2: ranges are for GET only
        if (range != null && ifRangeHolds(req.header("If-Range"), etag, modified)) {
            switch (ByteRanges.of(range, size)) {
                case ByteRanges.Part p -> {
                    res.status(206).header("Content-Range", "bytes " + p.first() + "-" + p.last() + "/" + size);
                    first = p.first();
                    count = p.length();
                }
                case ByteRanges.Unsatisfiable u -> throw new HttpError(416,
                        "Range not satisfiable: " + range.strip() + " asks for bytes beyond the file's " + size,
                        headersOf(res, "Content-Range", "bytes */" + size), null);
                case ByteRanges.Whole w -> {
                }
            }
        }
        return body(res, type, chosen, first, count, method == HttpMethod.HEAD);
    }

    private StaticSource.Entry find(ResourceCache remembered, List<String> segments) throws IOException {
        return remembered != null ? remembered.find(segments) : source.find(segments);
    }

    private static Response body(Response res, String type, StaticSource.Entry file, long first, long count, boolean head)
            throws IOException {
        if (!head && file instanceof ResourceCache.InMemory m) {
            // A copy: a response's byte[] body is the app's to change in a middleware, the cached one is not.
            return res.body(java.util.Arrays.copyOfRange(m.bytes(), (int) first, (int) (first + count))).contentType(type);
        }
        if (!head && count <= SMALL) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) count);
            file.copyTo(bytes, first, count);
            return res.body(bytes.toByteArray()).contentType(type);
        }
        // HEAD sends this stream's length and never runs it.
        return res.body(new Response.SizedStream(count, out -> file.copyTo(out, first, count))).contentType(type);
    }

    /** The headers a 416 keeps from the answer it replaces (the validators), plus {@code name}. */
    private static Map<String, String> headersOf(Response res, String name, String value) {
        Map<String, String> h = new HashMap<>();
        res.headers().forEach(h::putIfAbsent);
        h.put(name, value);
        return h;
    }

    /** True if no {@code If-Range} was sent, or it names this version (strong comparison; an exact date). */
    private static boolean ifRangeHolds(String ifRange, String etag, Instant modified) {
        if (ifRange == null) return true;
        String v = ifRange.strip();
        if (v.startsWith("\"") || v.startsWith("W/")) return Validators.matches(v, etag, true) && !v.contains(",");
        Instant date = Validators.date(v);
        return date != null && date.getEpochSecond() == modified.getEpochSecond();
    }

    private static Instant dateHeader(Request req, String name) {
        String v = req.header(name);
        return v == null ? null : Validators.date(v); // an invalid date is ignored (RFC 9110 §13.1.3)
    }

    private static List<String> sibling(List<String> segments, String suffix) {
        List<String> s = new ArrayList<>(segments);
        s.set(s.size() - 1, s.getLast() + suffix);
        return s;
    }

    @Override
    public String toString() {
        return "StaticFiles[" + source + ", Cache-Control: " + cacheControl + (precompressed ? ", precompressed" : "")
                + (hiddenFiles ? ", hidden files" : "") + "]";
    }
}
