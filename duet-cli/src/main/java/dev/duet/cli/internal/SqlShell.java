package dev.duet.cli.internal;

import dev.duet.cli.CommandContext;
import dev.duet.cli.UsageException;
import dev.duet.db.Database;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code duet db shell}: SQL read from the input, a statement per {@code ;}-ended line (or lines),
 * results printed as tables. Dot commands: {@code .tables}, {@code .help}, {@code .quit}. The
 * statements share one connection, so {@code BEGIN} ... {@code COMMIT} works across lines.
 */
final class SqlShell {
    private final CommandContext ctx;
    private final int maxRows;
    private final PrintWriter out;
    private final PrintWriter err;
    private int failures;

    SqlShell(CommandContext ctx, int maxRows) {
        if (maxRows < 1) throw new UsageException("--max-rows must be 1 or more, not " + maxRows);
        this.ctx = ctx;
        this.maxRows = maxRows;
        this.out = ctx.out();
        this.err = ctx.err();
    }

    /** Reads until {@code .quit} or the end of the input; 1 if any statement failed, else 0. */
    int run() throws IOException, SQLException {
        Database db = ctx.settings().database();
        BufferedReader in = ctx.in();
        // Prompts and greetings help a person typing; in a pipe they would only pollute the output.
        boolean prompt = ctx.terminal();
        if (prompt) out.println("Connected to " + db + ". End each statement with ';'. .help for help, .quit to leave.");
        try (Connection c = db.dataSource().getConnection()) {
            StringBuilder statement = new StringBuilder();
            while (true) {
                if (prompt) {
                    out.print(statement.isEmpty() ? "sql> " : " ..> ");
                    out.flush();
                }
                String line = in.readLine();
                if (line == null) break;
                String trimmed = line.strip();
                if (statement.isEmpty()) {
                    if (trimmed.isEmpty()) continue;
                    if (trimmed.startsWith(".")) {
                        if (!dot(c, trimmed)) break;
                        continue;
                    }
                }
                statement.append(line).append('\n');
                if (trimmed.endsWith(";")) {
                    execute(c, statement.toString());
                    statement.setLength(0);
                }
            }
            // A last statement without its ';' at the end of a piped script still runs.
            if (!statement.isEmpty()) execute(c, statement.toString());
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    /** Runs a dot command; false for {@code .quit}. */
    private boolean dot(Connection c, String command) throws SQLException {
        switch (command) {
            case ".quit", ".exit" -> {
                return false;
            }
            case ".help" -> {
                out.println("SQL statements end with ';' and may span lines. Commands:");
                out.println("  .tables   list the tables");
                out.println("  .quit     leave (so does the end of the input)");
            }
            case ".tables" -> tables(c);
            default -> {
                err.println("Unknown command " + command + "; .help lists them");
                failures++;
            }
        }
        return true;
    }

    private void tables(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) names.add(rs.getString("TABLE_NAME"));
        }
        names.sort(null);
        names.forEach(out::println);
    }

    private void execute(Connection c, String sql) {
        String text = sql.strip();
        while (text.endsWith(";")) text = text.substring(0, text.length() - 1).stripTrailing();
        if (text.isEmpty()) return;
        try (Statement st = c.createStatement()) {
            // One row past the limit tells whether there were more.
            st.setMaxRows(maxRows + 1);
            if (st.execute(text)) {
                try (ResultSet rs = st.getResultSet()) {
                    print(rs);
                }
            } else {
                int n = st.getUpdateCount();
                out.println(n < 0 ? "OK" : n == 1 ? "1 row affected" : n + " rows affected");
            }
        } catch (SQLException e) {
            err.println("Error: " + e.getMessage());
            failures++;
        }
        out.flush();
        err.flush();
    }

    private void print(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> header = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) header.add(md.getColumnLabel(i));
        TextTable table = new TextTable(header);
        int rows = 0;
        boolean more = false;
        while (rs.next()) {
            if (rows == maxRows) {
                more = true;
                break;
            }
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) row.add(cell(rs.getObject(i)));
            table.add(row);
            rows++;
        }
        table.print(out);
        if (more) out.println("(only the first " + maxRows + " rows are shown; --max-rows shows more)");
        else out.println(rows == 1 ? "(1 row)" : "(" + rows + " rows)");
    }

    private static Object cell(Object value) {
        return value instanceof byte[] bytes ? "x'" + HexFormat.of().formatHex(bytes) + "'" : value;
    }
}
