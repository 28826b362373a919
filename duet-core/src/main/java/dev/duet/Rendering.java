package dev.duet;

import dev.duet.template.Template;
import dev.duet.template.TemplateEngine;
import dev.duet.template.TemplateException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders {@link View}s for one app, through the engine it was given or the one a module on the
 * class path provides (looked up once, when the app freezes).
 */
final class Rendering {
    private volatile TemplateEngine engine;
    private volatile boolean looked;
    private final Map<Integer, Optional<Template>> errorPages = new ConcurrentHashMap<>();

    void engine(TemplateEngine engine) {
        this.engine = engine;
        this.looked = true;
    }

    /** The engine: the app's own, else the one provider on the class path, else null. */
    TemplateEngine engine(Config config) {
        if (!looked) {
            synchronized (this) {
                if (!looked) {
                    engine = discover(config);
                    looked = true;
                }
            }
        }
        return engine;
    }

    private static TemplateEngine discover(Config config) {
        List<TemplateEngine.Provider> found = ServiceLoader.load(TemplateEngine.Provider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        if (found.size() > 1) {
            throw new IllegalStateException("several template engines are on the class path ("
                    + found.stream().map(p -> p.getClass().getName()).toList()
                    + "); choose one with app.templates(...)");
        }
        return found.isEmpty() ? null : found.getFirst().create(config);
    }

    /** {@code res} with its {@link View} body rendered to HTML (its own Content-Type, if set, is kept). */
    Response render(Response res, Request req, Config config) {
        View view = (View) res.body();
        Template template = required(config).resolve(view.name());
        String type = res.contentType(); // the app's, or HTML as derived from the View body
        return res.body(render(template, withRequest(view.model(), req))).contentType(type);
    }

    /**
     * The error page template for {@code status} ({@code errors/404.html}, else
     * {@code errors/error.html}), if the app has one. Outside dev mode the answer is kept per
     * status: a flood of 404s must not cost a template lookup each.
     */
    Optional<Template> errorPage(int status, Config config) {
        TemplateEngine e = engine(config);
        if (e == null) return Optional.empty();
        if (config.dev()) return lookUpErrorPage(e, status);
        return errorPages.computeIfAbsent(status, s -> lookUpErrorPage(e, s));
    }

    private static Optional<Template> lookUpErrorPage(TemplateEngine e, int status) {
        return e.find("errors/" + status + ".html").or(() -> e.find("errors/error.html"));
    }

    static byte[] render(Template template, Map<String, ?> model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try {
            template.render(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not render " + template.name(), e);
        }
        return out.toByteArray();
    }

    private TemplateEngine required(Config config) {
        TemplateEngine e = engine(config);
        if (e == null) {
            throw new TemplateException("no template engine: put duet-pebble (or duet-jte) on the class path,"
                    + " or give the app one with app.templates(...)", null, 0, 0, null);
        }
        return e;
    }

    private static Map<String, ?> withRequest(Map<String, Object> model, Request req) {
        if (req == null || model.containsKey("request")) return model;
        Map<String, Object> m = new HashMap<>(model.size() + 2);
        m.putAll(model);
        m.put("request", req);
        // sessions: the flash messages waiting for this page, read (so shown once) as it renders
        if (!model.containsKey("flashes")) {
            List<dev.duet.session.Flash> flashes = req.app().sessions().flashesForView(req);
            if (flashes != null) m.put("flashes", flashes);
        }
        return m;
    }
}
