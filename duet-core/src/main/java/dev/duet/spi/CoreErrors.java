package dev.duet.spi;

import dev.duet.Config;
import dev.duet.Response;
import dev.duet.internal.SecurityHeaders;

/**
 * The answers a core gives by itself, before a request reaches the app (or when it cannot): a
 * short text/plain body naming the limit and its knob, or JSON where the {@code errors} setting
 * says so (by default, for clients that ask for it). Every core uses these words, so a client
 * cannot tell the cores apart by them.
 */
public final class CoreErrors {
    private CoreErrors() {
    }

    /** The 413 message: the body exceeds {@code maxBodySize}, quoted in bytes. */
    public static String bodyTooLarge(Config c) {
        return "Request body larger than the limit of " + c.maxBodySize() + " bytes (maxBodySize)";
    }

    /** The 431 message: the header block exceeds {@code maxHeaderSize}, quoted in bytes. */
    public static String headersTooLarge(Config c) {
        return "Request header block larger than the limit of " + c.maxHeaderSize() + " bytes (maxHeaderSize)";
    }

    /** The 414 message: the request line exceeds {@code maxUriLength}, quoted in bytes. */
    public static String uriTooLong(Config c) {
        return "Request line longer than the limit of " + c.maxUriLength() + " bytes (maxUriLength)";
    }

    /** The 408 message: the request did not arrive whole within {@code readTimeout}, quoted in milliseconds. */
    public static String readTimeout(Config c) {
        return "Request not received whole within the limit of " + c.readTimeout().toMillis() + " ms (readTimeout)";
    }

    /**
     * The 400 message for a request the core could not parse; {@code why} (what the parser
     * objected to) is appended when it is neither null nor blank.
     */
    public static String malformed(String why) {
        return why == null || why.isBlank() ? "Malformed HTTP request" : "Malformed HTTP request: " + why;
    }

    /** The 417 message for an {@code Expect} header other than {@code 100-continue}; {@code expect} is its value as sent. */
    public static String expectation(String expect) {
        return "Expectation not supported: " + expect + " (only 100-continue is)";
    }

    /**
     * The message for a status a core refused a request with, or null if it is not one of these.
     * {@code why} is what the core knows more: for a 400 what is malformed, for a 417 the
     * expectation the client sent (its {@code Expect} header).
     */
    public static String forStatus(int status, Config c, String why) {
        return switch (status) {
            case 400 -> malformed(why);
            case 408 -> readTimeout(c);
            case 413 -> bodyTooLarge(c);
            case 414 -> uriTooLong(c);
            case 417 -> expectation(why);
            case 431 -> headersTooLarge(c);
            case 501, 505 -> why; // a RequestGrammar refusal: its own words
            default -> null;
        };
    }

    /** True if the refusal of a request that sent {@code accept} is JSON, as the {@code errors} setting says. */
    public static boolean wantsJson(Config c, String accept) {
        return c.errors().json(accept, null);
    }

    /** {@code {"error": message, "status": status}}. */
    public static String json(int status, String message) {
        return "{\"error\":\"" + jsonEscape(message) + "\",\"status\":" + status + "}";
    }

    /** A response with {@code message}, as JSON if the {@code errors} setting says so for {@code accept}, else plain text. */
    public static Response response(Config c, int status, String message, String accept) {
        Response res;
        if (wantsJson(c, accept)) {
            String json = json(status, message);
            res = Response.json(json).body(json).status(status);
        } else {
            res = Response.text(message).status(status);
        }
        SecurityHeaders.apply(c, res, null); // a refusal is a response like any other
        return res;
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
