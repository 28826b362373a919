package dev.duet.db.loop;

import dev.duet.db.internal.DbUrl;
import dev.duet.db.internal.LoopClient;
import io.vertx.pgclient.PgConnectOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves PostgreSQL databases whose connection settings it can carry over from the JDBC URL:
 * host, port, database, user, password and {@code currentSchema}. Any other driver setting (in the
 * URL or {@code DbConfig.properties}: {@code sslmode}, {@code options}...) keeps the twins on JDBC,
 * which honours it, rather than connecting differently; it says so in the log once.
 */
public final class PgLoopClientProvider implements LoopClient.Provider {
    private static final Logger log = LoggerFactory.getLogger(PgLoopClientProvider.class);

    @Override
    public LoopClient open(DbUrl url, LoopClient.LoopSettings settings) {
        if (url.kind() != DbUrl.Kind.POSTGRESQL) return null;
        PgConnectOptions options = new PgConnectOptions();
        String unknown = connectOptions(url, settings.properties(), options);
        if (unknown != null) {
            log.info("duet-db-loop: async twins of {} stay on JDBC: the driver setting '{}' has no counterpart in the loop's client",
                    url.describe(), unknown);
            return null;
        }
        options.setCachePreparedStatements(true);
        return new PgLoopClient(options, settings);
    }

    /** Fills {@code options} from the URL; returns the first setting it cannot carry over, or null. */
    static String connectOptions(DbUrl url, Map<String, String> properties, PgConnectOptions options) {
        URI uri = URI.create(url.jdbcUrl().substring("jdbc:".length()));
        options.setHost(uri.getHost()).setPort(uri.getPort() > 0 ? uri.getPort() : 5432);
        String path = uri.getPath();
        String database = path == null || path.length() <= 1 ? null : path.substring(1);
        String user = url.user();
        String password = url.password();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (key) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    case "currentSchema" -> options.addProperty("search_path", value);
                    default -> {
                        return key;
                    }
                }
            }
        }
        for (String key : properties.keySet()) {
            if (!key.equals("user") && !key.equals("password")) return key;
        }
        if (properties.containsKey("user")) user = properties.get("user");
        if (properties.containsKey("password")) password = properties.get("password");
        options.setUser(user == null ? System.getProperty("user.name") : user);
        if (password != null) options.setPassword(password);
        // PostgreSQL's own default, as the JDBC driver's: the database named as the user.
        options.setDatabase(database != null ? database : options.getUser());
        return null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
