package bench.common;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The JDBC + HikariCP side of the JVM peers (Helidon SE, Javalin, Spring Boot), compiled into each
 * of them: the same pool settings and statements as Duet's raw-JDBC variant, so the peers differ in
 * their web layer only. Updates are sent as one JDBC batch (the usual TechEmpower JDBC code; still
 * one UPDATE statement per row).
 */
public final class Jdbc {
    public static final ObjectMapper JSON = JsonMapper.builder().build();
    public static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    static final String EXTRA = "Additional fortune added at request time.";

    public record Message(String message) {
    }

    public record World(int id, int randomNumber) {
    }

    public record Fortune(int id, String message) {
    }

    public final DataSource ds;

    public Jdbc() {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(env("BENCH_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/bench"));
        hc.setUsername(env("BENCH_DB_USER", "postgres"));
        int pool = Integer.parseInt(env("BENCH_POOL", "16"));
        hc.setMaximumPoolSize(pool);
        hc.setMinimumIdle(Math.min(pool, 2));
        hc.addDataSourceProperty("prepareThreshold", "3");
        hc.addDataSourceProperty("preparedStatementCacheQueries", "512");
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        ds = new HikariDataSource(hc);
    }

    public static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static byte[] json(Object o) {
        return JSON.writeValueAsBytes(o);
    }

    public static int randomId() {
        return ThreadLocalRandom.current().nextInt(1, 10_001);
    }

    /** TechEmpower's rule: 1..500; missing or not a number is 1. */
    public static int queries(String v) {
        if (v == null) return 1;
        try {
            return Math.max(1, Math.min(500, Integer.parseInt(v.trim())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    public static long slowMs(String v) {
        try {
            return v == null ? 100 : Math.max(0, Math.min(10_000, Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    static World read(PreparedStatement ps, int id) throws SQLException {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new World(rs.getInt(1), rs.getInt(2));
        }
    }

    public World db() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, randomnumber FROM world WHERE id = ?")) {
            return read(ps, randomId());
        }
    }

    public World[] queries(int n) throws SQLException {
        World[] out = new World[n];
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, randomnumber FROM world WHERE id = ?")) {
            for (int i = 0; i < n; i++) out[i] = read(ps, randomId());
        }
        return out;
    }

    public World[] updates(int n) throws SQLException {
        World[] out = new World[n];
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, randomnumber FROM world WHERE id = ?")) {
                for (int i = 0; i < n; i++) {
                    World w = read(ps, randomId());
                    int r;
                    do r = randomId(); while (r == w.randomNumber());
                    out[i] = new World(w.id(), r);
                }
            }
            World[] sorted = out.clone();
            Arrays.sort(sorted, Comparator.comparingInt(World::id));
            try (PreparedStatement ps = c.prepareStatement("UPDATE world SET randomnumber = ? WHERE id = ?")) {
                for (World w : sorted) {
                    ps.setInt(1, w.randomNumber());
                    ps.setInt(2, w.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return out;
    }

    public List<Fortune> fortunes() throws SQLException {
        List<Fortune> list = new ArrayList<>(16);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, message FROM fortune");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) list.add(new Fortune(rs.getInt(1), rs.getString(2)));
        }
        return list;
    }

    /** The fortunes page: the extra fortune added, sorted by message, HTML-escaped. */
    public byte[] fortunesPage() throws SQLException {
        List<Fortune> list = fortunes();
        list.add(new Fortune(0, EXTRA));
        list.sort(Comparator.comparing(Fortune::message));
        StringBuilder sb = new StringBuilder(1200);
        sb.append("<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>");
        for (Fortune f : list) {
            sb.append("<tr><td>").append(f.id()).append("</td><td>");
            escape(sb, f.message());
            sb.append("</td></tr>");
        }
        sb.append("</table></body></html>");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
    }
}
