package dev.duet.db.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A database URL as users write it ({@code sqlite:app.db}, {@code postgresql://u:p@h:5432/db},
 * {@code mysql://…}, {@code mariadb://…}, {@code jdbc:…}) turned into what JDBC wants.
 *
 * @param kind     which dialect
 * @param jdbcUrl  the JDBC URL, without user and password
 * @param user     the user, or null
 * @param password the password, or null
 * @param memory   an in-memory SQLite database (one connection holds it)
 * @param file     the SQLite file, or null
 */
public record DbUrl(Kind kind, String jdbcUrl, String user, String password, boolean memory, String file) {

    /** The databases duet-db speaks. */
    public enum Kind { SQLITE, POSTGRESQL, MYSQL }

    public static DbUrl parse(String url) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("database URL is empty");
        String u = url.trim();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:")) return fromJdbc(u, lower);
        if (lower.startsWith("sqlite:")) {
            String path = u.substring("sqlite:".length());
            if (path.startsWith("//")) path = path.substring(2);
            if (path.isEmpty()) throw new IllegalArgumentException("sqlite URL names no file: '" + url + "' (try sqlite:app.db or sqlite::memory:)");
            if (path.equals(":memory:") || path.equals("memory")) {
                return new DbUrl(Kind.SQLITE, "jdbc:sqlite::memory:", null, null, true, null);
            }
            return new DbUrl(Kind.SQLITE, "jdbc:sqlite:" + path, null, null, false, path);
        }
        Kind kind;
        String scheme;
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            kind = Kind.POSTGRESQL;
            scheme = "jdbc:postgresql://";
        } else if (lower.startsWith("mysql://") || lower.startsWith("mariadb://")) {
            kind = Kind.MYSQL;
            scheme = "jdbc:mariadb://";
        } else {
            throw new IllegalArgumentException("unsupported database URL '" + redact(url)
                    + "': use sqlite:path, postgresql://user:pass@host:port/db, mysql://user:pass@host:port/db,"
                    + " mariadb://…, or a jdbc: URL");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed database URL '" + redact(url) + "': " + e.getMessage(), e);
        }
        if (uri.getHost() == null) throw new IllegalArgumentException("database URL '" + redact(url) + "' names no host");
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        StringBuilder jdbc = new StringBuilder(scheme).append(uri.getHost());
        if (uri.getPort() > 0) jdbc.append(':').append(uri.getPort());
        String path = uri.getRawPath();
        jdbc.append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) jdbc.append('?').append(uri.getRawQuery());
        return new DbUrl(kind, jdbc.toString(), user, password, false, null);
    }

    private static DbUrl fromJdbc(String u, String lower) {
        if (lower.startsWith("jdbc:sqlite:")) {
            String rest = u.substring("jdbc:sqlite:".length());
            boolean memory = rest.isEmpty() || rest.equals(":memory:") || rest.contains("mode=memory");
            return new DbUrl(Kind.SQLITE, u, null, null, memory, memory ? null : rest);
        }
        if (lower.startsWith("jdbc:postgresql:")) return new DbUrl(Kind.POSTGRESQL, u, null, null, false, null);
        if (lower.startsWith("jdbc:mariadb:")) return new DbUrl(Kind.MYSQL, u, null, null, false, null);
        if (lower.startsWith("jdbc:mysql:")) {
            // The MariaDB driver speaks MySQL too; it takes jdbc:mysql: URLs when asked to.
            String sep = u.contains("?") ? "&" : "?";
            return new DbUrl(Kind.MYSQL, u + sep + "permitMysqlScheme", null, null, false, null);
        }
        throw new IllegalArgumentException("unsupported JDBC URL '" + redact(u) + "': duet-db speaks sqlite, postgresql, mysql and mariadb");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Where this URL points, for messages: {@code postgresql at 127.0.0.1:5432/test (user postgres)}. */
    public String describe() {
        String what = switch (kind) {
            case SQLITE -> memory ? "sqlite in memory" : "sqlite file " + file;
            case POSTGRESQL -> "postgresql at " + jdbcUrl.substring("jdbc:postgresql://".length());
            case MYSQL -> "mysql/mariadb at " + jdbcUrl.replaceFirst("^jdbc:(mariadb|mysql)://", "");
        };
        int q = what.indexOf('?');
        if (q >= 0) what = what.substring(0, q);
        return user == null ? what : what + " (user " + user + ")";
    }

    /** The URL with any password replaced by {@code ***}. */
    public static String redact(String url) {
        if (url == null) return null;
        String s = url.replaceAll("(://[^:/@?#]*:)[^@/?#]*@", "$1***@");
        return s.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** JDBC properties for the user and password, if any. */
    public Map<String, String> credentials() {
        Map<String, String> m = new LinkedHashMap<>();
        if (user != null) m.put("user", user);
        if (password != null) m.put("password", password);
        return m;
    }
}
