package dev.duet.cli.internal;

import dev.duet.Config;
import dev.duet.Secrets;
import dev.duet.cli.Application;
import dev.duet.db.DbConfig;
import picocli.CommandLine.Model.OptionSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code duet config}: the effective settings, as {@code serve} with the same profile and flags
 * would run with: every Duet knob, the database settings and the app's keys, each with its value
 * (secrets hidden) and the source that decided it. Builds nothing and connects to nothing.
 */
public final class ConfigCommand extends AppCommand {
    private final OptionSpec json;

    /** The command for {@code application}, reading {@code inputs}. */
    public ConfigCommand(Application application, Inputs inputs) {
        super(application, inputs, "config", "prod",
                "Prints the effective configuration: every setting, its value (secrets hidden) and its source.");
        json = flag("--json", "Prints JSON instead of a table.");
    }

    /** One line of the report. */
    record Row(String key, String value, String source) {
    }

    @Override
    public Integer call() {
        try (LayeredSettings settings = loadSettings(List.of())) {
            List<Row> rows = rows(settings);
            if (Boolean.TRUE.equals(json.getValue())) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("profile", settings.profile());
                doc.put("profileSource", settings.profileSource());
                List<Object> list = new ArrayList<>();
                for (Row r : rows) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("key", r.key());
                    m.put("value", r.value());
                    m.put("source", r.source());
                    list.add(m);
                }
                doc.put("settings", list);
                out().println(JsonOut.write(doc));
                out().flush();
            } else {
                out().println("profile " + settings.profile() + " (" + settings.profileSource() + ")");
                // The value last: some (a content security policy) are long, and would push a column after them far out.
                Table t = new Table("KEY", "SOURCE", "VALUE");
                for (Row r : rows) t.row(r.key(), r.source(), r.value());
                t.print(out());
            }
        }
        return 0;
    }

    static List<Row> rows(LayeredSettings settings) {
        List<Row> rows = new ArrayList<>();
        settings.config().knobs().forEach((knob, value) -> rows.add(new Row(knob, Mask.value(knob, text(value)),
                settings.knob(knob).map(Setting::source).orElse("default"))));
        DbConfig db = settings.dbConfig();
        Map<String, Object> dbValues = new LinkedHashMap<>();
        dbValues.put("databaseUrl", db.url());
        dbValues.put("databasePoolSize", db.poolSize());
        dbValues.put("databaseConnectionPerRequest", db.connectionPerRequest());
        dbValues.put("databaseTablePrefix", db.tablePrefix());
        dbValues.put("databaseSchema", db.schema() == null ? "" : db.schema());
        dbValues.forEach((key, value) -> {
            Setting s = settings.databaseSettings().get(key);
            rows.add(new Row(key, Mask.value(key, text(value)), s == null ? "default" : s.source()));
        });
        for (Setting s : settings.appSettings()) rows.add(new Row(s.key(), Mask.value(s.key(), s.value()), s.source()));
        return rows;
    }

    /** A knob's value as a settings file would spell it: {@code 30s}, {@code a,b}, {@code json}. */
    static String text(Object value) {
        return switch (value) {
            case Duration d -> duration(d);
            case List<?> l -> String.join(",", l.stream().map(String::valueOf).toList());
            case Config.ErrorFormat f -> f.name().toLowerCase(Locale.ROOT);
            // Never its keys; only whether there are any (empty reads as unset).
            case Secrets s -> s.isEmpty() ? "" : Mask.HIDDEN;
            case null -> "";
            default -> value.toString();
        };
    }

    static String duration(Duration d) {
        if (d.toNanos() % 1_000_000 != 0) return d.toString();
        long ms = d.toMillis();
        if (ms == 0) return "0s";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1_000 == 0) return ms / 1_000 + "s";
        return ms + "ms";
    }
}
