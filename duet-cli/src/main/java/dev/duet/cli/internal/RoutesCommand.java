package dev.duet.cli.internal;

import dev.duet.App;
import dev.duet.Route;
import dev.duet.cli.Application;
import picocli.CommandLine.Model.OptionSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code duet routes}: every route of the app as its settings build it (not started): method,
 * pattern, the kind of each link of its chain, where its code is, and its deadline.
 */
public final class RoutesCommand extends AppCommand {
    private final OptionSpec json;

    /** The command for {@code application}, reading {@code inputs}. */
    public RoutesCommand(Application application, Inputs inputs) {
        super(application, inputs, "routes", "prod",
                "Lists every route: method, pattern, each link's kind (blocking or async), its code, its timeout.");
        json = flag("--json", "Prints JSON instead of a table.");
    }

    @Override
    public Integer call() {
        try (LayeredSettings settings = loadSettings(List.of())) {
            App app = application.create(settings);
            try {
                print(app);
            } finally {
                app.stop(); // never started: runs the app's stop hooks, which release what create opened
            }
        }
        return 0;
    }

    private void print(App app) {
        Duration appTimeout = app.config().requestTimeout();
        if (Boolean.TRUE.equals(json.getValue())) {
            List<Object> list = new ArrayList<>();
            for (Route r : app.routes()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("method", r.method().name());
                m.put("pattern", r.pattern());
                m.put("kind", r.isAsync() ? "async" : "blocking");
                List<Object> chain = new ArrayList<>();
                for (Route.ChainLink l : r.chain()) {
                    Map<String, Object> link = new LinkedHashMap<>();
                    link.put("role", l.role().name().toLowerCase(Locale.ROOT).replace('_', ' '));
                    link.put("async", l.async());
                    chain.add(link);
                }
                m.put("chain", chain);
                m.put("source", r.source());
                m.put("timeout", timeout(r, appTimeout));
                m.put("ownTimeout", r.ownTimeout().isPresent());
                list.add(m);
            }
            out().println(JsonOut.write(list));
            out().flush();
            return;
        }
        Table t = new Table("METHOD", "PATTERN", "CHAIN", "TIMEOUT", "SOURCE");
        for (Route r : app.routes()) {
            String chain = r.chain().stream().map(Route.ChainLink::toString).collect(Collectors.joining(" > "));
            String timeout = timeout(r, appTimeout) + (r.ownTimeout().isPresent() ? " (own)" : "");
            t.row(r.method().name(), r.pattern(), chain, timeout, r.source());
        }
        t.print(out());
    }

    private static String timeout(Route r, Duration appTimeout) {
        Duration d = r.ownTimeout().orElse(appTimeout);
        return d.isZero() ? "none" : ConfigCommand.duration(d);
    }
}
