package dev.duet.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows printed as an aligned text table: a header, a rule, the rows; {@code NULL} for nulls. */
public final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table of the columns {@code header} names. */
    public TextTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    /** Adds a row of as many values as there are columns. */
    public void add(List<?> values) {
        if (values.size() != header.size()) {
            throw new IllegalArgumentException("a row of " + values.size() + " values in a table of " + header.size() + " columns");
        }
        rows.add(values.stream().map(TextTable::text).toList());
    }

    /** Prints the table to {@code out}. */
    public void print(PrintWriter out) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) widths[i] = header.get(i).length();
        for (List<String> row : rows) for (int i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], row.get(i).length());
        line(out, header, widths);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        out.println(rule);
        for (List<String> row : rows) line(out, row, widths);
    }

    private static void line(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) s.append(" | ");
            s.append(cells.get(i)).append(" ".repeat(widths[i] - cells.get(i).length()));
        }
        out.println(s.toString().stripTrailing());
    }

    // One value per cell: a line break inside a value would break the table's rows apart.
    private static String text(Object value) {
        return value == null ? "NULL" : value.toString().replace("\r", "\\r").replace("\n", "\\n");
    }
}
