package dev.duet.test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body for tests, as a browser's form sends it: text fields and
 * files, in order.
 *
 * <pre>{@code
 * client.send(TestRequest.post("/upload").multipart(m -> m
 *         .field("title", "Holiday")
 *         .file("photo", "beach.jpg", "image/jpeg", jpegBytes)));
 * }</pre>
 *
 * Over a real socket, send {@link #bytes()} with {@link #contentType()}.
 */
public final class MultipartBody {
    private final String boundary = "duet-test-" + UUID.randomUUID();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An empty body with a random boundary. */
    public static MultipartBody create() {
        return new MultipartBody();
    }

    /** Adds text field {@code name} (UTF-8). */
    public MultipartBody field(String name, String value) {
        return part("Content-Disposition: form-data; name=\"" + escape(name) + "\"\r\n",
                value.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds file {@code fileName} (sent in UTF-8, as browsers do) as field {@code name}. */
    public MultipartBody file(String name, String fileName, String contentType, byte[] content) {
        return part("Content-Disposition: form-data; name=\"" + escape(name) + "\"; filename=\"" + escape(fileName)
                + "\"\r\nContent-Type: " + contentType + "\r\n", content);
    }

    /** Adds a part with {@code headers} (each line ending in CRLF) as written: for malformed or unusual parts. */
    public MultipartBody part(String headers, byte[] content) {
        write("--" + boundary + "\r\n" + headers + "\r\n");
        out.writeBytes(content);
        write("\r\n");
        return this;
    }

    /** The {@code Content-Type} to send, with the boundary. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The boundary between parts. */
    public String boundary() {
        return boundary;
    }

    /** The body: the parts so far, then the closing delimiter. */
    public byte[] bytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream(out.size() + boundary.length() + 8);
        all.writeBytes(out.toByteArray());
        all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return all.toByteArray();
    }

    private void write(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** As HTML does: a quote and line breaks percent-encoded. */
    private static String escape(String s) {
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
