package dev.duet.spi;

import dev.duet.Config;
import dev.duet.HttpError;
import dev.duet.UploadedFile;
import dev.duet.internal.MultipartScanner;
import dev.duet.internal.PartHeaders;
import dev.duet.internal.StoredFile;
import dev.duet.internal.Utf8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parses a {@code multipart/form-data} body as it arrives, for every core alike: push the bytes in
 * chunks of any size ({@link #write}), then {@link #finish}. Text fields stay in memory; a file
 * stays in memory up to {@code uploadMemoryThreshold} and otherwise goes to a temp file in
 * {@code uploadDir} as its bytes arrive. Writes to disk: never call it on an event loop.
 *
 * <pre>{@code
 * MultipartParser parser = MultipartParser.start(config, contentType);  // 400 without a boundary
 * try {
 *     while ((n = in.read(buf)) > 0) parser.write(buf, 0, n);
 *     MultipartForm form = parser.finish();                              // hand it to the request
 * } catch (IOException e) {                                             // the client went away
 *     parser.abort();
 * }
 * }</pre>
 *
 * <p>Limits are {@link HttpError}s saying which knob: 413 for a body over {@code maxUploadSize},
 * a file over {@code maxFileSize}, more parts than {@code maxFormParts}, or text fields over
 * {@code maxBodySize} in all; 400 for a malformed body (no closing delimiter, a part's headers
 * over {@code maxHeaderSize}, a part without a name). Whatever fails, the parser has deleted its
 * temp files before it throws. Memory is bounded too: what small files and fields keep in memory
 * counts against {@code maxBodySize}, beyond which small files go to disk as well. One thread at a
 * time.
 */
public final class MultipartParser {
    private final Config config;
    private final MultipartScanner scanner;
    private final Path dir;
    private final AtomicLong memoryBudget;
    private final Map<String, List<String>> fields = new LinkedHashMap<>();
    private final Map<String, List<UploadedFile>> files = new LinkedHashMap<>();
    private final List<StoredFile> stored = new ArrayList<>();
    private long received;
    private int parts;
    private long fieldBytes;
    private PartHeaders part;
    private StoredFile file;
    private ByteArrayOutputStream field;
    private boolean over;
    /**
     * Where file bytes wait to be written, in pieces this large: every write to disk may block a
     * carrier thread (on a virtual thread the JDK makes up for it with another), so fewer, larger
     * writes made uploads several times faster (bench/uploads). Direct, so the JDK copies nothing
     * more; one per form, made at its first file on disk.
     */
    private ByteBuffer writeBuffer;
    private static final int WRITE_BUFFER = 256 * 1024;

    private MultipartParser(Config config, String boundary) {
        this.config = config;
        this.dir = Path.of(config.uploadDir());
        this.memoryBudget = new AtomicLong(config.maxBodySize());
        this.scanner = new MultipartScanner(boundary, config.maxHeaderSize(), new Collector());
    }

    /** True if {@code contentType} is {@code multipart/form-data} (any parameters). */
    public static boolean isMultipart(String contentType) {
        return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** The 413 message for a multipart body over {@code maxUploadSize}, quoted in bytes. */
    public static String uploadTooLarge(Config c) {
        return "Upload larger than the limit of " + c.maxUploadSize() + " bytes (maxUploadSize)";
    }

    /** A parser for a body of {@code contentType}; a 400 if it names no usable boundary. */
    public static MultipartParser start(Config config, String contentType) {
        return new MultipartParser(config, boundary(contentType));
    }

    /** Parses a whole body held in memory (a core that reads bodies whole, the test client). */
    public static MultipartForm parse(Config config, String contentType, byte[] body) {
        MultipartParser parser = start(config, contentType);
        try {
            parser.write(body, 0, body.length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not store an upload in " + config.uploadDir(), e);
        }
        return parser.finish();
    }

    /**
     * Parses a body read from {@code in} to its end (a blocking core). An {@link IOException} is
     * the stream's or the disk's, after the temp files were deleted.
     */
    public static MultipartForm parse(Config config, String contentType, InputStream in) throws IOException {
        MultipartParser parser = start(config, contentType);
        byte[] buf = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) parser.write(buf, 0, n);
        } catch (IOException | RuntimeException e) {
            parser.abort();
            throw e;
        }
        return parser.finish();
    }

    /** The next {@code len} bytes of the body. */
    public void write(byte[] b, int off, int len) throws IOException {
        if (over) throw new IllegalStateException("the parser is finished or aborted");
        try {
            received += len;
            if (received > config.maxUploadSize()) throw new HttpError(413, uploadTooLarge(config));
            scanner.feed(b, off, len);
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** The next bytes of the body, from a buffer's position to its limit (which it consumes); copied once. */
    public void write(ByteBuffer bytes) throws IOException {
        if (over) throw new IllegalStateException("the parser is finished or aborted");
        try {
            received += bytes.remaining();
            if (received > config.maxUploadSize()) throw new HttpError(413, uploadTooLarge(config));
            scanner.feed(bytes);
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** The body is over: the parsed form, or a 400 if it was cut short (its temp files deleted). */
    public MultipartForm finish() {
        if (over) throw new IllegalStateException("the parser is finished or aborted");
        try {
            scanner.finish();
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
        over = true;
        fields.replaceAll((k, v) -> List.copyOf(v));
        files.replaceAll((k, v) -> List.copyOf(v));
        return new MultipartForm(Collections.unmodifiableMap(fields), Collections.unmodifiableMap(files), List.copyOf(stored));
    }

    /** Gives up (the client went away, a limit, a refusal): deletes every temp file written so far. */
    public void abort() {
        over = true;
        if (file != null) file.delete();
        for (StoredFile f : stored) f.delete();
    }

    /** The parts, from the scanner: each field kept, each file stored, the limits checked as bytes arrive. */
    private final class Collector implements MultipartScanner.Parts {
        @Override
        public void begin(byte[] headers, int off, int len) {
            if (++parts > config.maxFormParts()) {
                throw new HttpError(413, "Multipart body with more parts than the limit of " + config.maxFormParts()
                        + " (maxFormParts)");
            }
            part = PartHeaders.parse(headers, off, len);
            if (part.file()) {
                int threshold = (int) Math.min(config.uploadMemoryThreshold(), Integer.MAX_VALUE - 16);
                file = new StoredFile(part, dir, threshold, config.maxBodySize(), memoryBudget,
                        MultipartParser.this::writeBuffer);
            } else {
                field = new ByteArrayOutputStream();
            }
        }

        @Override
        public void data(byte[] b, int off, int len) throws IOException {
            if (file != null) {
                if (file.size() + len > config.maxFileSize()) {
                    throw new HttpError(413, "Uploaded file '" + part.name() + "' larger than the limit of "
                            + config.maxFileSize() + " bytes (maxFileSize)");
                }
                file.write(b, off, len);
            } else {
                fieldBytes += len;
                if (fieldBytes > config.maxBodySize()) {
                    throw new HttpError(413, "Multipart text fields larger than the limit of " + config.maxBodySize()
                            + " bytes in all (maxBodySize)");
                }
                memoryBudget.addAndGet(-len);
                field.write(b, off, len);
            }
        }

        @Override
        public void end() throws IOException {
            if (file != null) {
                StoredFile f = file;
                file = null;
                f.complete();
                // An <input type=file> left empty sends a part with an empty file name and no content: no file.
                if (part.rawFileName().isEmpty() && f.size() == 0) return;
                stored.add(f);
                files.computeIfAbsent(f.name(), k -> new ArrayList<>(1)).add(f);
            } else {
                fields.computeIfAbsent(part.name(), k -> new ArrayList<>(1)).add(Utf8.decode(field.toByteArray(), 0, field.size(), part.charset(), "form field '" + part.name() + "'"));
                field = null;
            }
        }
    }

    private ByteBuffer writeBuffer() {
        if (writeBuffer == null) writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER);
        return writeBuffer;
    }

    /** The {@code boundary} parameter of a multipart Content-Type (quoted or not); 400 if absent. */
    static String boundary(String contentType) {
        if (contentType != null) {
            for (String param : contentType.split(";")) {
                int eq = param.indexOf('=');
                if (eq < 0 || !param.substring(0, eq).strip().equalsIgnoreCase("boundary")) continue;
                String v = param.substring(eq + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
                if (!v.isEmpty()) return v;
            }
        }
        throw HttpError.badRequest("Malformed multipart body: the Content-Type names no boundary");
    }
}
