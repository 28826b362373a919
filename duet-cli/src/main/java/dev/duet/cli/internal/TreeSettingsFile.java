package dev.duet.cli.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.toml.TomlMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a TOML or YAML settings file into the flat settings a {@code .properties} file gives.
 * Tables (maps) nest: under {@code app} the names join with dots ({@code [app] mail.host} is
 * {@code app.mail.host}); anywhere else they join in camel case, as Duet's knobs are named
 * ({@code [database] url} is {@code databaseUrl}, {@code [session] maxAge} is {@code sessionMaxAge}).
 * A list of plain values is the comma-separated value the same setting takes in a properties
 * file or the environment ({@code trustedOrigins = ["https://a", "https://b"]}). Every setting
 * keeps {@code file:line} as its source. A key without a value (YAML's {@code key:}) sets nothing.
 */
final class TreeSettingsFile {
    /** The file formats read, by file extension. */
    enum Format {
        TOML, YAML;

        /** The format of a file named {@code name}; null if it is none of them. */
        static Format of(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".toml")) return TOML;
            if (n.endsWith(".yaml") || n.endsWith(".yml")) return YAML;
            return null;
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    // Built once: a mapper is costly to make and safe to share.
    private static final ObjectMapper TOML = TomlMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private final String name;
    private final TomlLines tomlLines;     // TOML only: Jackson's TOML parser keeps no locations
    private final List<Setting> settings = new ArrayList<>();
    private final Map<String, Integer> seen = new HashMap<>();

    private TreeSettingsFile(String name, TomlLines tomlLines) {
        this.name = name;
        this.tomlLines = tomlLines;
    }

    /** The settings of {@code in}, a {@code format} document named {@code name} in sources and errors. */
    static List<Setting> read(String name, Format format, InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        TreeSettingsFile file = new TreeSettingsFile(name, format == Format.TOML ? TomlLines.of(text) : null);
        ObjectMapper mapper = format == Format.TOML ? TOML : YAML;
        try (JsonParser p = mapper.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) return List.of(); // an empty YAML document: no settings
            if (first != JsonToken.START_OBJECT) {
                throw new BadSettings(file.where(p, List.of()) + ": expected a map of settings (key: value), got "
                        + describe(first));
            }
            file.object(p, List.of());
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new BadSettings(file.where(p, List.of()) + ": one document per settings file ('---' starts another)");
            }
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            if (file.tomlLines != null && file.tomlLines.duplicate() > 0 && String.valueOf(e.getOriginalMessage()).startsWith("Duplicate key")) {
                line = file.tomlLines.duplicate();
            }
            throw new BadSettings(name + (line > 0 ? ":" + line : "") + ": not valid " + format + ": " + e.getOriginalMessage(), e);
        }
        return file.settings;
    }

    // At START_OBJECT: each property, flattened under `path`.
    private void object(JsonParser p, List<String> path) {
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String raw = p.currentName();
            List<String> at = new ArrayList<>(path);
            at.add(raw);
            String where = where(p, at);  // the key's own line, before the parser moves on to its value
            List<String> key = new ArrayList<>(path.isEmpty() ? List.of() : split(path));
            for (String part : raw.split("\\.", -1)) {
                if (!NAME.matcher(part).matches()) {
                    throw new BadSettings(where + ": '" + raw + "' is not a key (letters, digits, '-', '_'; '.' between names)");
                }
                key.add(part);
            }
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                String flat = flat(key);
                if (Keys.KNOBS.contains(flat) || Keys.DATABASE.contains(flat)) {
                    throw new BadSettings(where + ": " + flat + " takes a value, not a table");
                }
                object(p, at);
            } else if (value == JsonToken.START_ARRAY) {
                add(key, list(p, at), where);
            } else {
                // A key with no value (YAML's "key:") sets nothing: a lower layer or the default stays.
                String v = scalar(p, at);
                if (v != null) add(key, v, where);
            }
        }
    }

    // The path as written may have dotted names in it ("app.mail": {...}): the key has one name a part.
    private static List<String> split(List<String> path) {
        List<String> out = new ArrayList<>();
        for (String s : path) out.addAll(List.of(s.split("\\.", -1)));
        return out;
    }

    private void add(List<String> key, String value, String where) {
        String flat = flat(key);
        String same = flat.startsWith(Keys.APP) ? Keys.APP + Keys.normalizeApp(flat.substring(Keys.APP.length())) : flat;
        Integer before = seen.putIfAbsent(same, settings.size());
        if (before != null) {
            throw new BadSettings(where + ": '" + flat + "' is already set at " + settings.get(before).source());
        }
        settings.add(new Setting(flat, value, where));
    }

    /** [app, mail, host] -> app.mail.host; [database, poolSize] -> databasePoolSize. */
    static String flat(List<String> key) {
        if (key.getFirst().equals("app")) return String.join(".", key);
        StringBuilder b = new StringBuilder(key.getFirst());
        for (String part : key.subList(1, key.size())) {
            b.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
        }
        return b.toString();
    }

    // At START_ARRAY: plain values, joined with commas as a properties file would write them.
    private String list(JsonParser p, List<String> path) {
        List<String> items = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                throw new BadSettings(where(p, path) + ": " + String.join(".", path) + " is a list of "
                        + (t == JsonToken.START_OBJECT ? "tables" : "lists") + "; a setting's list holds plain values");
            }
            String item = scalar(p, path);
            if (item == null) continue;
            if (item.contains(",")) {
                throw new BadSettings(where(p, path) + ": an item of " + String.join(".", path)
                        + " contains ',', which separates a list's items: '" + item + "'");
            }
            items.add(item);
        }
        return String.join(",", items);
    }

    private static String scalar(JsonParser p, List<String> path) {
        JsonToken t = p.currentToken();
        return switch (t) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getString();
            default -> throw new BadSettings("unexpected " + describe(t) + " for " + String.join(".", path));
        };
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "a table";
            default -> "a value";
        };
    }

    // file:line of what the parser is at: YAML knows it; TOML's line comes from TomlLines.
    private String where(JsonParser p, List<String> path) {
        int line = tomlLines != null ? tomlLines.line(path) : p.currentTokenLocation().getLineNr();
        return line > 0 ? name + ":" + line : name;
    }
}
