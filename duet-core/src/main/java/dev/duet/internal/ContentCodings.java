package dev.duet.internal;

import java.util.Locale;

/**
 * {@code Accept-Encoding} (RFC 9110 §12.5.3): how much a client wants a content coding, by its
 * q-value. A coding it names has its own q; one it does not name has the q of {@code *} if it
 * sent one; otherwise 0, except {@code identity}, which is acceptable unless refused outright
 * ({@code identity;q=0}, or {@code *;q=0} without naming it). No header at all accepts anything,
 * but a server that sends a coding the client never asked for risks a body it cannot read, so
 * only named codings (or {@code *}) are chosen.
 *
 * <p>{@link #preferred} picks among a file and its precompressed variants. A client that names a
 * coding with any q above 0 and says nothing of {@code identity} wants the coding: the unnamed
 * {@code identity} stays acceptable but ranks last, as servers such as nginx's gzip_static treat it.
 */
public final class ContentCodings {
    private ContentCodings() {
    }

    /** The q-value (0 to 1) that {@code header} (null if absent) gives {@code coding} (lower case). */
    public static double quality(String header, String coding) {
        boolean identity = coding.equals("identity");
        if (header == null) return identity ? 1 : 0;
        double star = -1;
        for (String element : header.split(",")) {
            String e = element.trim();
            if (e.isEmpty()) continue;
            int semi = e.indexOf(';');
            String name = (semi < 0 ? e : e.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
            double q = semi < 0 ? 1 : q(e.substring(semi + 1));
            if (name.equals(coding) || (coding.equals("gzip") && name.equals("x-gzip"))) return q;
            if (name.equals("*")) star = q;
        }
        if (star >= 0) return star;
        return identity ? 1 : 0;
    }

    /**
     * The coding to send of {@code br} and {@code gzip}, each offered only if its variant exists, or
     * null for the file itself: the highest q wins, ties going to the smaller body (br, then gzip,
     * then identity). When nothing is acceptable, not even identity, the file itself is sent
     * (RFC 9110 §12.5.3 lets a server ignore the header rather than answer 406).
     */
    public static String preferred(String header, boolean br, boolean gzip) {
        double qBr = br ? quality(header, "br") : 0;
        double qGz = gzip ? quality(header, "gzip") : 0;
        double qId = named(header, "identity") || named(header, "*") ? quality(header, "identity") : 0;
        if (qBr > 0 && qBr >= qGz && qBr >= qId) return "br";
        if (qGz > 0 && qGz >= qId) return "gzip";
        return null;
    }

    private static boolean named(String header, String coding) {
        if (header == null) return false;
        for (String element : header.split(",")) {
            int semi = element.indexOf(';');
            if ((semi < 0 ? element : element.substring(0, semi)).trim().equalsIgnoreCase(coding)) return true;
        }
        return false;
    }

    /** The q parameter of {@code params} ({@code q=0.5}); 1 if there is none, 0 if it is malformed. */
    private static double q(String params) {
        for (String p : params.split(";")) {
            String param = p.trim();
            int eq = param.indexOf('=');
            if (eq < 0 || !param.substring(0, eq).trim().equalsIgnoreCase("q")) continue;
            String v = param.substring(eq + 1).trim();
            // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
            if (!v.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) return 0;
            return Double.parseDouble(v);
        }
        return 1;
    }
}
