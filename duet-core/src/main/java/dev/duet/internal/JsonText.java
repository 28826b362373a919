package dev.duet.internal;

import dev.duet.HttpError;

/**
 * What a JSON body must be before Jackson reads it: well-formed UTF-8 (RFC 8259 §8.1; Jackson
 * decodes some malformed sequences leniently, an overlong {@code C0 AF} as {@code /}), with no
 * lone surrogate escaped in a string ({@code "\ud800"}, which is no character: Jackson would keep
 * it, and it fails later, where the string is encoded again). One pass over the bytes; a body of
 * ASCII without backslashes, the common case, is only looked at.
 */
final class JsonText {
    private JsonText() {
    }

    static void check(byte[] body) {
        boolean ascii = true;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b < 0) {
                ascii = false;
            } else if (b == '\\' && i + 1 < body.length) {
                // Outside a string a backslash is a syntax error Jackson reports; inside one, it starts an escape.
                if (body[i + 1] == 'u') {
                    int c = hex4(body, i + 2);
                    if (c >= 0xDC00 && c <= 0xDFFF) throw loneSurrogate();
                    if (c >= 0xD800 && c <= 0xDBFF) {
                        int low = i + 7 < body.length && body[i + 6] == '\\' && body[i + 7] == 'u' ? hex4(body, i + 8) : -1;
                        if (low < 0xDC00 || low > 0xDFFF) throw loneSurrogate();
                        i += 6; // the pair's low half is checked here, not again
                    }
                }
                i++; // the escaped character: a backslash escaping a backslash starts nothing
            }
        }
        if (!ascii) Utf8.check(body, "the JSON request body");
    }

    /** The four hex digits at {@code at} as a number, or -1 if they are not four hex digits (Jackson reports that). */
    private static int hex4(byte[] b, int at) {
        if (at + 4 > b.length) return -1;
        int v = 0;
        for (int i = at; i < at + 4; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0) return -1;
            v = v << 4 | d;
        }
        return v;
    }

    private static HttpError loneSurrogate() {
        return HttpError.badRequest("Malformed JSON in the request body: a lone surrogate escape (\\uD800-\\uDFFF"
                + " not in a high-low pair) is no character");
    }
}
