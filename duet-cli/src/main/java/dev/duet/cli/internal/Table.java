package dev.duet.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows printed as aligned columns, the header first; the last column is not padded. */
public final class Table {
    private final List<String[]> rows = new ArrayList<>();

    /** A table with these column names. */
    public Table(String... header) {
        rows.add(header);
    }

    /** Adds a row of as many cells as the header has. */
    public Table row(String... cells) {
        if (cells.length != rows.getFirst().length) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + rows.getFirst().length);
        }
        rows.add(cells);
        return this;
    }

    /** Prints the rows, each column as wide as its widest cell plus two spaces. */
    public void print(PrintWriter out) {
        int columns = rows.getFirst().length;
        int[] width = new int[columns];
        for (String[] r : rows) for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(r[i]);
                if (i < columns - 1) line.append(" ".repeat(width[i] - r[i].length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
