package dev.duet.db.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Naming rules: snake_case columns, pluralised table names, identifiers short enough for every database. */
public final class Names {
    /** PostgreSQL's limit (63) is the smallest of the three. */
    public static final int MAX_IDENTIFIER = 63;

    private Names() {
    }

    /** {@code createdAt} -> {@code created_at}, {@code HTTPCode} -> {@code http_code}, {@code user2Id} -> {@code user2_id}. */
    public static String snake(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean prevLowerOrDigit = i > 0 && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)));
                boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                boolean prevUpper = i > 0 && Character.isUpperCase(name.charAt(i - 1));
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '_' && (prevLowerOrDigit || (prevUpper && nextLower))) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The English plural of a snake_case name, by the usual rules: user -> users, category -> categories, box -> boxes. */
    public static String plural(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.endsWith("s") || w.endsWith("x") || w.endsWith("z") || w.endsWith("ch") || w.endsWith("sh")) return word + "es";
        if (w.endsWith("y") && w.length() > 1 && "aeiou".indexOf(w.charAt(w.length() - 2)) < 0) {
            return word.substring(0, word.length() - 1) + "ies";
        }
        return word + "s";
    }

    /** A constraint or index name from parts, shortened with a hash when too long for the database. */
    public static String constraint(String prefix, String table, List<String> columns) {
        return shorten(prefix + "_" + table + "_" + String.join("_", columns));
    }

    /** {@code name}, or, if too long for every database, its start and a hash of the whole. */
    public static String shorten(String name) {
        if (name.length() <= MAX_IDENTIFIER) return name;
        String hash = sha1(name).substring(0, 8);
        return name.substring(0, MAX_IDENTIFIER - 9) + "_" + hash;
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
