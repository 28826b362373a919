package dev.duet.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One hostile exchange over a fresh socket, for {@link HostileInputSuite} and {@link FuzzSuite}:
 * the exact bytes go out, then what came back is read as raw bytes until the server closes or is
 * quiet, and split into the status lines it holds. Nothing here parses leniently on the server's
 * behalf: a status line is only recognised at the start of the stream or after a blank line.
 */
final class HostileWire {
    private HostileWire() {
    }

    /**
     * What the server did: the status lines it sent, in order, and whether it closed the
     * connection within the wait ({@code closed}); {@code hung} if it neither answered nor closed.
     */
    record Outcome(List<String> statusLines, boolean closed, boolean hung, String raw) {
        /** The status of the first response, or -1 if none came. */
        int status() {
            if (statusLines.isEmpty()) return -1;
            String[] parts = statusLines.getFirst().split(" ", 3);
            try {
                return parts.length < 2 ? -1 : Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** Every status sent, in order. */
        List<Integer> statuses() {
            List<Integer> all = new ArrayList<>();
            for (String line : statusLines) {
                String[] parts = line.split(" ", 3);
                try {
                    all.add(Integer.parseInt(parts[1]));
                } catch (RuntimeException e) {
                    all.add(-1);
                }
            }
            return all;
        }

        @Override
        public String toString() {
            return "status lines " + statusLines + (closed ? ", closed" : hung ? ", hung" : ", kept open")
                    + "; raw: " + raw.replace("\r", "\\r").replace("\n", "\\n\n");
        }
    }

    /**
     * Sends {@code request}, then (if {@code halfClose}) shuts the sending side down, and reads
     * until the server closes or sends nothing for {@code quietMillis}.
     */
    static Outcome exchange(int port, byte[] request, boolean halfClose, int quietMillis) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(quietMillis);
            try {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
                if (halfClose) s.shutdownOutput();
            } catch (SocketException e) {
                // the server may refuse (and close) before it has read everything: what it sent still counts
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            boolean closed = false;
            try {
                int n;
                while ((n = in.read(buf)) > 0) got.write(buf, 0, n);
                closed = true;
            } catch (SocketTimeoutException e) {
                // quiet: still open
            } catch (SocketException e) {
                closed = true; // reset
            }
            String raw = got.toString(StandardCharsets.ISO_8859_1);
            List<String> lines = statusLines(raw);
            return new Outcome(lines, closed, lines.isEmpty() && !closed, raw);
        }
    }

    /** The status lines in {@code raw}: at its start, and after each blank line that ends a head and its body. */
    static List<String> statusLines(String raw) {
        List<String> lines = new ArrayList<>();
        int at = 0;
        while (at < raw.length() && raw.startsWith("HTTP/", at)) {
            int eol = raw.indexOf("\r\n", at);
            if (eol < 0) break;
            lines.add(raw.substring(at, eol));
            int headEnd = raw.indexOf("\r\n\r\n", at);
            if (headEnd < 0) break;
            String head = raw.substring(at, headEnd).toLowerCase(java.util.Locale.ROOT);
            int bodyStart = headEnd + 4;
            at = bodyStart + bodyLength(head, raw, bodyStart);
            if (at < 0) break;
        }
        return lines;
    }

    private static int bodyLength(String head, String raw, int bodyStart) {
        int cl = head.indexOf("\r\ncontent-length:");
        if (cl >= 0) {
            int end = head.indexOf("\r\n", cl + 2);
            return Integer.parseInt(head.substring(cl + 17, end < 0 ? head.length() : end).trim());
        }
        if (head.contains("\r\ntransfer-encoding: chunked")) {
            int at = bodyStart;
            while (true) {
                int eol = raw.indexOf("\r\n", at);
                if (eol < 0) return raw.length() - bodyStart;
                int size = Integer.parseInt(raw.substring(at, eol).split(";")[0].trim(), 16);
                at = eol + 2 + size + 2;
                if (size == 0) return at - bodyStart;
            }
        }
        return head.startsWith("http/1.1 1") || head.matches("http/1\\.[01] (204|304).*") ? 0 : raw.length() - bodyStart;
    }
}
