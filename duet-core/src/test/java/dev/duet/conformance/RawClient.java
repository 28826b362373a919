package dev.duet.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain socket speaking HTTP/1.1 by hand, for the protocol-level tests every core has (keep-alive,
 * pipelining, limits, disconnects), where a real HTTP client would hide the bytes.
 */
public final class RawClient implements AutoCloseable {
    public final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** A parsed response: status, headers (lower-cased names), body (de-chunked). */
    public record Res(String statusLine, int status, Map<String, List<String>> headers, byte[] body, boolean chunked) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.getFirst();
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Reads one response; {@code head} if it answers a HEAD request (headers only). */
    public Res read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) throw new IOException("connection closed before a response");
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String l;
        while ((l = line()) != null && !l.isEmpty()) {
            int colon = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).trim());
        }
        boolean chunked = headers.containsKey("transfer-encoding")
                && headers.get("transfer-encoding").getFirst().equalsIgnoreCase("chunked");
        if (head || status < 200 || status == 204 || status == 304) {
            return new Res(statusLine, status, headers, new byte[0], chunked);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            while (true) {
                String size = line();
                int n = Integer.parseInt(size.trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) { /* trailers */ }
                    break;
                }
                body.write(in.readNBytes(n));
                line();
            }
        } else if (headers.containsKey("content-length")) {
            int n = Integer.parseInt(headers.get("content-length").getFirst());
            byte[] b = in.readNBytes(n);
            if (b.length != n) throw new IOException("short body: " + b.length + " of " + n);
            body.write(b);
        } else {
            body.write(in.readAllBytes());
        }
        return new Res(statusLine, status, headers, body.toByteArray(), chunked);
    }

    public Res read() throws IOException {
        return read(false);
    }

    /** Reads a CRLF-terminated line; null at EOF. */
    public String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') sb.setLength(len - 1);
                return sb.toString();
            }
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** Bytes available right now without waiting longer than {@code millis}. */
    public byte[] readAvailable(int millis) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) b.write(buf, 0, n);
        } catch (SocketTimeoutException e) {
            // nothing more for now
        } finally {
            socket.setSoTimeout(old);
        }
        return b.toByteArray();
    }

    /** True if the server closes the connection (EOF or reset) within {@code millis}. */
    public boolean closedWithin(int millis) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            while (true) {
                int c = in.read();
                if (c == -1) return true;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        } finally {
            if (!socket.isClosed()) socket.setSoTimeout(old);
        }
    }

    public InputStream in() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
