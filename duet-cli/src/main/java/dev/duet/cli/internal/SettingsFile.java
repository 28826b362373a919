package dev.duet.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a settings file: one {@code key = value} (or {@code key: value}) a line, {@code #} and
 * {@code !} comments, blank lines. A deliberate subset of {@code .properties}: no escapes and no
 * line continuations, so that every value has exactly one line to point at in an error.
 */
public final class SettingsFile {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private SettingsFile() {
    }

    /** The settings of {@code in}, named {@code name} in sources and errors ({@code duet.properties}). */
    public static List<Setting> read(String name, InputStream in) throws IOException {
        List<Setting> settings = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int lineNo = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#") || s.startsWith("!")) continue;
                String where = name + ":" + lineNo;
                int eq = separator(s);
                if (eq < 0) throw new BadSettings(where + ": expected 'key = value', got '" + s + "'");
                String key = s.substring(0, eq).strip();
                String value = s.substring(eq + 1).strip();
                if (!KEY.matcher(key).matches()) {
                    throw new BadSettings(where + ": '" + key + "' is not a key (letters, digits, '.', '-', '_')");
                }
                if (value.endsWith("\\")) {
                    throw new BadSettings(where + ": a value may not continue on the next line (ends with '\\')");
                }
                Integer before = seen.putIfAbsent(key, lineNo);
                if (before != null) {
                    throw new BadSettings(where + ": '" + key + "' is already set on line " + before + " of " + name);
                }
                settings.add(new Setting(key, value, where));
            }
        }
        return settings;
    }

    private static int separator(String s) {
        int eq = s.indexOf('=');
        int colon = s.indexOf(':');
        if (eq < 0) return colon;
        if (colon < 0) return eq;
        return Math.min(eq, colon);
    }
}
