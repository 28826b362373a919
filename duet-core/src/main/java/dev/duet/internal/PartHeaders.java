package dev.duet.internal;

import dev.duet.HttpError;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The header block of one part of a {@code multipart/form-data} body, read: the field's name,
 * whether the part is a file (it has a {@code filename} or {@code filename*} parameter), the
 * client's file name, and the part's Content-Type. Header text is read as UTF-8, which is what
 * browsers send; {@code filename*} (RFC 8187) names its own charset and wins over {@code filename}.
 *
 * @param name        the field name
 * @param file        true if the part is a file
 * @param rawFileName the file name as the client sent it (decoded), empty if none
 * @param contentType the part's Content-Type, or null if it sent none
 */
public record PartHeaders(String name, boolean file, String rawFileName, String contentType) {
    private static final int MAX_DISPLAY_NAME = 255;

    /** Reads {@code len} bytes of header lines at {@code off}; a part without a field name is a 400. */
    public static PartHeaders parse(byte[] block, int off, int len) {
        String text = new String(block, off, len, StandardCharsets.UTF_8).replaceAll("\r\n[ \t]+", " "); // unfold
        String disposition = null;
        String contentType = null;
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String field = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (field.equals("content-disposition")) disposition = value;
            else if (field.equals("content-type")) contentType = value;
        }
        if (disposition == null) throw malformed("a part has no Content-Disposition header");
        String name = null;
        String fileName = null;
        String extendedName = null;
        int i = disposition.indexOf(';');
        String rest = i < 0 ? "" : disposition.substring(i + 1);
        for (int pos = 0; pos < rest.length(); ) {
            int eq = rest.indexOf('=', pos);
            int semi = rest.indexOf(';', pos);
            if (eq < 0 || (semi >= 0 && semi < eq)) { // a parameter without a value
                pos = semi < 0 ? rest.length() : semi + 1;
                continue;
            }
            String param = rest.substring(pos, eq).trim().toLowerCase(Locale.ROOT);
            int v = eq + 1;
            while (v < rest.length() && rest.charAt(v) == ' ') v++;
            StringBuilder value = new StringBuilder();
            if (v < rest.length() && rest.charAt(v) == '"') {
                v++;
                while (v < rest.length() && rest.charAt(v) != '"') {
                    char c = rest.charAt(v);
                    // a backslash escapes only a quote or a backslash: a Windows path keeps its own
                    if (c == '\\' && v + 1 < rest.length() && (rest.charAt(v + 1) == '"' || rest.charAt(v + 1) == '\\')) c = rest.charAt(++v);
                    value.append(c);
                    v++;
                }
                int next = rest.indexOf(';', v);
                pos = next < 0 ? rest.length() : next + 1;
            } else {
                int next = rest.indexOf(';', v);
                value.append(rest, v, next < 0 ? rest.length() : next);
                pos = next < 0 ? rest.length() : next + 1;
            }
            String val = value.toString().trim();
            switch (param) {
                case "name" -> name = htmlUnescape(val);
                case "filename" -> fileName = htmlUnescape(val);
                case "filename*" -> extendedName = extendedValue(val);
                default -> { }
            }
        }
        if (name == null) throw malformed("a part's Content-Disposition has no name");
        boolean file = fileName != null || extendedName != null;
        String raw = extendedName != null ? extendedName : fileName != null ? fileName : "";
        return new PartHeaders(name, file, raw, contentType);
    }

    /** {@link #rawFileName} made safe to show (see {@link dev.duet.UploadedFile#fileName()}). */
    public String displayFileName() {
        return displayName(rawFileName);
    }

    /** The charset the part's Content-Type names, else UTF-8 (what HTML forms send). */
    public Charset charset() {
        if (contentType != null) {
            int i = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (i >= 0) {
                try {
                    return Charset.forName(contentType.substring(i + 8).split("[;\\s]")[0].replace("\"", ""));
                } catch (RuntimeException e) {
                    throw malformed("unknown charset in a part's Content-Type: " + contentType);
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** The last path segment of {@code raw}, without control or format characters, at most 255 characters. */
    static String displayName(String raw) {
        String s = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints()
                .filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
                .forEach(out::appendCodePoint);
        String name = out.toString().strip();
        if (name.equals(".") || name.equals("..")) return "";
        if (name.length() > MAX_DISPLAY_NAME) {
            int cut = Character.isHighSurrogate(name.charAt(MAX_DISPLAY_NAME - 1)) ? MAX_DISPLAY_NAME - 1 : MAX_DISPLAY_NAME;
            name = name.substring(0, cut);
        }
        return name;
    }

    /** HTML's escapes in a multipart name: a browser sends {@code "} as %22 and line breaks as %0D and %0A. */
    private static String htmlUnescape(String v) {
        return v.indexOf('%') < 0 ? v : v.replace("%22", "\"").replace("%0D", "\r").replace("%0A", "\n");
    }

    /** An RFC 8187 value, {@code charset'language'percent-encoded}; null if it does not parse. */
    private static String extendedValue(String v) {
        int q1 = v.indexOf('\'');
        int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
        if (q2 < 0) return null;
        Charset cs;
        try {
            cs = Charset.forName(v.substring(0, q1));
        } catch (RuntimeException e) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = q2 + 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '%' && i + 2 < v.length()) {
                int hi = Character.digit(v.charAt(i + 1), 16);
                int lo = Character.digit(v.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return null;
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '%') {
                return null;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(cs);
    }

    private static HttpError malformed(String why) {
        return HttpError.badRequest("Malformed multipart body: " + why);
    }
}
