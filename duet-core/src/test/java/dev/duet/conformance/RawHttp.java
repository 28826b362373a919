package dev.duet.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket ({@code Connection: close}), for request targets the
 * JDK client refuses to send. Reads a Content-Length, chunked or close-delimited body.
 */
final class RawHttp {
    private RawHttp() {
    }

    static ClientResponse send(int port, ClientRequest request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) HttpHarness.REQUEST_LIMIT.toMillis());
            byte[] body = request.body();
            StringBuilder head = new StringBuilder()
                    .append(request.method()).append(' ').append(request.uri()).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Connection: close\r\n");
            for (Map.Entry<String, String> h : request.headers()) {
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            if (body.length > 0) head.append("Content-Length: ").append(body.length).append("\r\n");
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(socket.getInputStream(), request.method().equals("HEAD"));
        } catch (IOException e) {
            throw new UncheckedIOException("raw " + request + " failed", e);
        }
    }

    private static ClientResponse read(InputStream in, boolean head) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP response: " + status);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, colon).trim(), k -> new ArrayList<>()).add(l.substring(colon + 1).trim());
        }
        ClientResponse bodiless = new ClientResponse(Integer.parseInt(parts[1]), headers, new byte[0]);
        int code = bodiless.status();
        if (head || code == 204 || code == 304 || code < 200) return bodiless;
        byte[] body;
        if ("chunked".equalsIgnoreCase(bodiless.header("Transfer-Encoding"))) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                buf.write(in.readNBytes(size));
                line(in);
            }
            body = buf.toByteArray();
        } else if (bodiless.header("Content-Length") != null) {
            body = in.readNBytes(Integer.parseInt(bodiless.header("Content-Length")));
        } else {
            body = in.readAllBytes();
        }
        return new ClientResponse(code, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new IOException("connection closed mid-line");
            if (c != '\r') buf.write(c);
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }
}
