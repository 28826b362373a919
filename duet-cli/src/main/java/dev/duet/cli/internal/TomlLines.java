package dev.duet.cli.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The line each key of a TOML document is written on. Jackson reads TOML into a tree, which
 * keeps no locations; settings errors and {@code duet config} name {@code duet.toml:LINE}, so
 * this finds the lines itself. It only needs to be right for a document Jackson has already
 * accepted: it follows table headers and {@code key = value} lines, and skips the insides of
 * multi-line strings and arrays.
 */
final class TomlLines {
    private final Map<String, Integer> lines = new HashMap<>();
    private int duplicate;  // the first line that sets a key again; 0 if none does

    private TomlLines() {
    }

    /** The lines of {@code text}'s keys, read as TOML. */
    static TomlLines of(String text) {
        TomlLines t = new TomlLines();
        List<String> table = List.of();
        String[] all = text.split("\r?\n", -1);
        String openString = null;   // the closing quotes of a multi-line string we are in
        int brackets = 0;           // the depth of a multi-line array we are in
        for (int i = 0; i < all.length; i++) {
            String line = all[i];
            int lineNo = i + 1;
            if (openString != null) {
                int end = line.indexOf(openString);
                if (end < 0) continue;
                openString = null;
                line = line.substring(end + 3);
                brackets += depthChange(line);
                continue;
            }
            if (brackets > 0) {
                brackets += depthChange(line);
                continue;
            }
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) continue;
            if (s.startsWith("[")) {
                boolean arrayOfTables = s.startsWith("[[");
                int close = s.indexOf(arrayOfTables ? "]]" : "]");
                if (close < 0) continue;
                table = keyPath(s.substring(arrayOfTables ? 2 : 1, close));
                t.lines.putIfAbsent(String.join("\u0000", table), lineNo);
                continue;
            }
            int eq = equalsOutsideQuotes(s);
            if (eq < 0) continue;
            List<String> path = new ArrayList<>(table);
            path.addAll(keyPath(s.substring(0, eq)));
            if (t.lines.putIfAbsent(String.join("\u0000", path), lineNo) != null && t.duplicate == 0) t.duplicate = lineNo;
            String value = s.substring(eq + 1).strip();
            if (value.startsWith("\"\"\"") || value.startsWith("'''")) {
                String quotes = value.substring(0, 3);
                if (value.indexOf(quotes, 3) < 0) openString = quotes;
            } else if (value.startsWith("[")) {
                brackets = depthChange(value);
            }
        }
        return t;
    }

    /** The line of {@code path}, or of its nearest ancestor written down (an inline table's); 0 if none. */
    int line(List<String> path) {
        for (int n = path.size(); n > 0; n--) {
            Integer l = lines.get(String.join("\u0000", path.subList(0, n)));
            if (l != null) return l;
        }
        return 0;
    }

    /** The first line that sets a key already set; 0 if none does. Jackson reports a duplicate where the next key starts. */
    int duplicate() {
        return duplicate;
    }

    /** {@code a."b.c".d} -> [a, b.c, d]. */
    static List<String> keyPath(String key) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : key.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
                else cur.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '.') {
                parts.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString().strip());
        return parts;
    }

    private static int equalsOutsideQuotes(String s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '=') {
                return i;
            }
        }
        return -1;
    }

    // '[' minus ']' outside strings and comments: how much deeper a multi-line array goes on this line.
    private static int depthChange(String s) {
        int d = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                break;
            } else if (c == '[') {
                d++;
            } else if (c == ']') {
                d--;
            }
        }
        return d;
    }
}
