package dev.duet.internal;

import java.util.Locale;
import java.util.Map;

/**
 * The Content-Type of a file by its extension: the common web types, each text type with
 * {@code ; charset=utf-8} (a static file's bytes are sent as they are, and UTF-8 is what web
 * assets are written in today). Anything not in the table is {@code application/octet-stream},
 * which a browser downloads rather than guesses at.
 */
public final class MediaTypes {
    /** What a file of unknown extension is sent as. */
    public static final String UNKNOWN = "application/octet-stream";

    private static final String UTF8 = "; charset=utf-8";

    /** The table, by lower-case extension without the dot. */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            // text: documents, styles, scripts, data
            Map.entry("html", "text/html" + UTF8),
            Map.entry("htm", "text/html" + UTF8),
            Map.entry("css", "text/css" + UTF8),
            Map.entry("js", "text/javascript" + UTF8), // RFC 9239: text/javascript, also for modules
            Map.entry("mjs", "text/javascript" + UTF8),
            Map.entry("txt", "text/plain" + UTF8),
            Map.entry("md", "text/markdown" + UTF8),
            Map.entry("csv", "text/csv" + UTF8),
            Map.entry("xml", "text/xml" + UTF8),
            Map.entry("ics", "text/calendar" + UTF8),
            Map.entry("vtt", "text/vtt" + UTF8),
            Map.entry("json", "application/json"), // JSON is UTF-8 by definition (RFC 8259): no charset parameter
            Map.entry("map", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("jsonld", "application/ld+json"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"),
            Map.entry("rss", "application/rss+xml"),
            Map.entry("atom", "application/atom+xml"),
            // images
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("apng", "image/apng"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("bmp", "image/bmp"),
            // fonts
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            // audio and video
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("oga", "audio/ogg"),
            Map.entry("wav", "audio/wav"),
            Map.entry("flac", "audio/flac"),
            Map.entry("m4a", "audio/mp4"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("m4v", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("ogv", "video/ogg"));

    private MediaTypes() {
    }

    /**
     * The media type of a Content-Type value without its parameters, lower case, trimmed:
     * {@code application/json} for {@code Application/JSON; charset=utf-8}.
     */
    public static String essence(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** The extension of {@code fileName}, lower case, without the dot; empty if it has none. */
    public static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        int slash = fileName.lastIndexOf('/');
        if (dot <= slash + 1) return ""; // none, or a dot-file's leading dot
        return fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The type of {@code fileName} in {@code table}, or {@link #UNKNOWN}. */
    public static String of(String fileName, Map<String, String> table) {
        return table.getOrDefault(extension(fileName), UNKNOWN);
    }
}
