package dev.duet.internal;

import dev.duet.HttpError;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict decoding of what a client sends as UTF-8 (bodies, form fields, percent-decoded paths and
 * queries): a malformed sequence, an overlong form ({@code C0 AF} for {@code /}), an encoded
 * surrogate or a code point past U+10FFFF is a 400, never replaced or decoded leniently. A
 * lenient decoder is how a {@code /} or a quote slips past a check made on the bytes.
 *
 * <p>All-ASCII input, the common case, is recognised in one pass and decoded without a
 * {@link CharsetDecoder}.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** {@code bytes[off, off + len)} as a string, in {@code charset}; strictly if that is UTF-8. {@code what} names it in the 400. */
    public static String decode(byte[] bytes, int off, int len, Charset charset, String what) {
        if (!charset.equals(StandardCharsets.UTF_8)) return new String(bytes, off, len, charset);
        if (ascii(bytes, off, len)) return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
        try {
            return strict().decode(ByteBuffer.wrap(bytes, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw invalid(what);
        }
    }

    /** {@code bytes} as UTF-8, strictly. */
    public static String decode(byte[] bytes, String what) {
        return decode(bytes, 0, bytes.length, StandardCharsets.UTF_8, what);
    }

    /** Fails with a 400 naming {@code what} unless {@code bytes} are well-formed UTF-8. */
    public static void check(byte[] bytes, String what) {
        if (ascii(bytes, 0, bytes.length)) return;
        CharsetDecoder d = strict();
        CharBuffer out = CharBuffer.allocate(Math.min(bytes.length, 8192));
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (true) {
            var r = d.decode(in, out, true);
            if (r.isError()) throw invalid(what);
            if (r.isUnderflow()) break;
            out.clear(); // only validity is wanted: the decoded text is dropped
        }
        out.clear();
        if (d.flush(out).isError()) throw invalid(what);
    }

    static boolean ascii(byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) if (b[i] < 0) return false;
        return true;
    }

    private static CharsetDecoder strict() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static HttpError invalid(String what) {
        return HttpError.badRequest("Invalid UTF-8 in " + what);
    }
}
