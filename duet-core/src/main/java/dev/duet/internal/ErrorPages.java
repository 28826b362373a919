package dev.duet.internal;

import dev.duet.template.TemplateException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The default bodies of error responses: JSON for JSON clients, a small HTML page otherwise. */
public final class ErrorPages {
    private ErrorPages() {
    }

    /** The JSON body; {@code details}, when not {@code null}, goes under {@code "details"}. */
    public static Map<String, Object> json(int status, String message, String requestId, Object details,
                                           Throwable trace) {
        return json(status, message, requestId, "details", details, trace);
    }

    /**
     * The JSON body; {@code details}, when not {@code null}, goes under {@code detailsKey} (a
     * validation's field errors go under {@code "errors"}).
     */
    public static Map<String, Object> json(int status, String message, String requestId, String detailsKey,
                                           Object details, Throwable trace) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", status);
        body.put("requestId", requestId);
        if (details != null) body.put(detailsKey, details);
        if (trace != null) body.put("trace", stackTrace(trace));
        return body;
    }

    /** The HTML page; {@code details}, when not {@code null}, are listed (escaped) under the message. */
    public static String html(int status, String message, String requestId, Object details, Throwable trace) {
        return html(status, message, requestId, details, trace, null);
    }

    /** The HTML page, its inline style carrying {@code cspNonce} (when not null) so that a Content-Security-Policy lets it apply. */
    public static String html(int status, String message, String requestId, Object details, Throwable trace, String cspNonce) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(status).append(' ').append(escape(reason(status))).append("</title>")
                .append(cspNonce == null ? "<style>" : "<style nonce=\"" + escape(cspNonce) + "\">").append("body{font:16px/1.5 system-ui,sans-serif;margin:3em auto;max-width:46em;color:#222}")
                .append("pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:13px}small{color:#777}</style>")
                .append("</head><body><h1>").append(status).append(' ').append(escape(reason(status))).append("</h1>\n<p>")
                .append(escape(message)).append("</p>\n");
        if (details != null) appendDetails(sb, details);
        sb.append("<p><small>Request id: ").append(escape(requestId)).append("</small></p>\n");
        if (trace != null) {
            TemplateException failed = templateFailure(trace);
            if (failed != null && !failed.location().isEmpty()) {
                sb.append("<p class=\"template\">Template: <code>").append(escape(failed.location())).append("</code></p>\n");
            }
            sb.append("<pre>").append(escape(stackTrace(trace))).append("</pre>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void appendDetails(StringBuilder sb, Object details) {
        if (details instanceof Map<?, ?> map) {
            sb.append("<ul class=\"details\">\n");
            // A field with several errors (a validation's) gets a line for each.
            map.forEach((k, v) -> {
                for (Object item : v instanceof Iterable<?> items ? items : java.util.List.of(String.valueOf(v))) {
                    sb.append("<li><b>").append(escape(String.valueOf(k))).append("</b>: ")
                            .append(escape(String.valueOf(item))).append("</li>\n");
                }
            });
            sb.append("</ul>\n");
        } else if (details instanceof Iterable<?> items) {
            sb.append("<ul class=\"details\">\n");
            for (Object item : items) sb.append("<li>").append(escape(String.valueOf(item))).append("</li>\n");
            sb.append("</ul>\n");
        } else {
            sb.append("<p class=\"details\">").append(escape(String.valueOf(details))).append("</p>\n");
        }
    }

    /**
     * True if a client that sent these {@code Accept} and {@code Content-Type} headers prefers JSON:
     * Accept names JSON before HTML, or, with no say in Accept, the body it sent was JSON.
     */
    public static boolean prefersJson(String accept, String contentType) {
        if (accept != null) {
            int json = accept.indexOf("json");
            int html = accept.indexOf("text/html");
            if (json >= 0 && (html < 0 || json < html)) return true;
            if (html >= 0) return false;
        }
        return contentType != null && contentType.contains("json");
    }

    public static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status < 500 ? "Client Error" : "Server Error";
        };
    }

    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The template failure in {@code t}'s causes, if any: where the dev-mode page points. */
    private static TemplateException templateFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TemplateException te) return te;
        }
        return null;
    }

    /** {@code t}'s stack trace, causes included, as printed. */
    public static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
