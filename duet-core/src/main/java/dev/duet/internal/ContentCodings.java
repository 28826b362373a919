package dev.duet.internal;

import java.util.Locale;

/**
 * {@code Accept-Encoding} (RFC 9110 §12.5.3): how much a client wants a content coding, by its
 * q-value. A coding it names has its own q; one it does not name has the q of {@code *} if it
 * sent one; otherwise 0, except {@code identity}, which is acceptable unless refused outright
 * ({@code identity;q=0}, or {@code *;q=0} without naming it). No header at all accepts anything,
 * but a server that sends a coding the client never asked for risks a body it cannot read, so
 * only named codings (or {@code *}) are chosen.
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
