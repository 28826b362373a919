package dev.duet.netty;

import dev.duet.Config;
import dev.duet.Response;

import java.time.Duration;

/**
 * The answers the core gives by itself, before a request reaches the app (or when it cannot):
 * a short text/plain body, or JSON for clients that ask for it, naming the limit and its knob.
 */
final class CoreErrors {
    private CoreErrors() {
    }

    static String bodyTooLarge(Config c) {
        return "Request body larger than the limit of " + c.maxBodySize() + " bytes (maxBodySize)";
    }

    static String headersTooLarge(Config c) {
        return "Request header block larger than the limit of " + c.maxHeaderSize() + " bytes (maxHeaderSize)";
    }

    static String uriTooLong(Config c) {
        return "Request line longer than the limit of " + c.maxUriLength() + " bytes (maxUriLength)";
    }

    static String readTimeout(Config c) {
        return "Request not received whole within the limit of " + millis(c.readTimeout()) + " ms (readTimeout)";
    }

    static String malformed(Throwable cause) {
        String why = cause == null ? null : cause.getMessage();
        return why == null || why.isBlank() ? "Malformed HTTP request" : "Malformed HTTP request: " + why;
    }

    static String expectation(String expect) {
        return "Expectation not supported: " + expect + " (only 100-continue is)";
    }

    /** A response with {@code message}, as JSON if {@code accept} asks for it, else plain text. */
    static Response response(int status, String message, String accept) {
        if (accept != null && accept.contains("json")) {
            String json = "{\"error\":\"" + jsonEscape(message) + "\",\"status\":" + status + "}";
            return Response.json(json).body(json).status(status);
        }
        return Response.text(message).status(status);
    }

    private static long millis(Duration d) {
        return d.toMillis();
    }

    private static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
