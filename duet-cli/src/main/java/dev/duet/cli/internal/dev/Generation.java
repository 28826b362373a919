package dev.duet.cli.internal.dev;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Response;
import dev.duet.cli.Application;
import dev.duet.cli.Settings;

import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One running build of the app: its class loader, its app (on a loopback port of its own, behind
 * the {@link Front}), its settings and its live-reload streams. A reload starts the next
 * generation beside this one, points the front at it, then stops this one.
 */
final class Generation {
    final String id;
    final List<Path> classDirs;
    final LiveReload live;
    private final App app;
    private final Settings settings;
    /** Weakly: this generation's loader must go once it has stopped, which the tests check through this. */
    private final WeakReference<ClassLoader> loader;

    private Generation(String id, List<Path> classDirs, LiveReload live, App app, Settings settings, ClassLoader loader) {
        this.id = id;
        this.classDirs = classDirs;
        this.live = live;
        this.app = app;
        this.settings = settings;
        this.loader = new WeakReference<>(loader);
    }

    /**
     * Builds {@code appClass} from {@code classDirs} in a fresh loader, adds live reload to it and
     * starts it on {@code config} (a loopback address, port 0).
     */
    static Generation start(String id, String appClass, List<Path> classDirs, Path resources, Config config,
                            Function<Config, Settings> settingsFor, Supplier<String> currentError) {
        GenerationLoader loader = new GenerationLoader("duet-run-" + id, resources, classDirs, Generation.class.getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        // The app finds its pages, templates, static files and server core through the context loader.
        thread.setContextClassLoader(loader);
        Settings settings = null;
        App app = null;
        try {
            Class<?> type = Class.forName(appClass, true, loader);
            if (!Application.class.isAssignableFrom(type)) {
                throw new IllegalStateException(appClass + " does not implement " + Application.class.getName());
            }
            // The one reflective call: all the runner has of the app is its class's name, and each
            // generation needs an instance of that class as its own loader defines it.
            Application application = (Application) type.getDeclaredConstructor().newInstance();
            settings = settingsFor.apply(config);
            app = application.create(settings);
            if (app == null) throw new IllegalStateException(appClass + ".create returned null instead of an App");
            LiveReload live = new LiveReload(id, currentError);
            live.install(app);
            app.start();
            return new Generation(id, classDirs, live, app, settings, loader);
        } catch (InvocationTargetException e) {
            close(null, settings);
            throw new IllegalStateException("could not make the app: the constructor of " + appClass + " threw " + e.getCause(), e.getCause());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("could not make the app: its class " + appClass + " is not among the compiled"
                    + " sources (is --src the folder that holds it?)", e);
        } catch (ReflectiveOperationException e) {
            close(null, settings);
            throw new IllegalStateException("could not make the app: " + appClass + " needs a public constructor without"
                    + " parameters (" + e + ")", e);
        } catch (RuntimeException | LinkageError e) {
            close(app, settings); // an app that failed to start may have started tasks or bound a port
            throw e;
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /**
     * A stand-in for when the first compile fails, or the first app does not start: every page
     * shows the error, and reloads itself once a save fixes it.
     */
    static Generation broken(String id, Config config, Supplier<String> currentError) {
        LiveReload live = new LiveReload(id, currentError);
        App app = App.create(config);
        live.install(app);
        app.get("/", req -> errorPage(currentError.get()));
        app.get("/{path:*}", req -> errorPage(currentError.get()));
        app.start();
        return new Generation(id, List.of(), live, app, null, null);
    }

    private static Response errorPage(String error) {
        String text = error == null ? "(compiling)" : error;
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return Response.html("<!doctype html><html><head><title>Compile error</title></head><body>"
                + "<h1>duet run: the app cannot run until this is fixed</h1><pre>" + escaped + "</pre></body></html>").status(500);
    }

    int port() {
        return app.port();
    }

    /** This generation's class loader while anything still holds it; null for a {@link #broken} one. */
    ClassLoader loader() {
        return loader.get();
    }

    /** Ends the live streams and stops the app gracefully, then closes its settings (and database). */
    void stop() {
        live.close();
        try {
            close(app, settings);
        } finally {
            rehomeThreads(loader.get());
        }
    }

    /**
     * Threads that outlive this generation yet took its loader as their context class loader,
     * because they started while it was being created (a new thread inherits its creator's): the
     * JDK's "JFR Periodic Tasks", which the first generation's dev-mode watchdog starts, is one; a
     * library's lazily started pool another. Each would hold this generation's classes for the
     * life of the JVM: they get the runner's loader instead, the one they would have had had they
     * started anywhere else.
     */
    private static void rehomeThreads(ClassLoader loader) {
        if (loader == null) return;
        ThreadGroup top = Thread.currentThread().getThreadGroup();
        while (top.getParent() != null) top = top.getParent();
        // Platform threads only (virtual ones are not in groups): a JVM-wide thread is a platform one.
        Thread[] all = new Thread[top.activeCount() + 32];
        int n = top.enumerate(all, true);
        for (int i = 0; i < n; i++) {
            if (all[i].getContextClassLoader() == loader) all[i].setContextClassLoader(loader.getParent());
        }
    }

    private static void close(App app, Settings settings) {
        try {
            if (app != null) app.stop();
        } finally {
            if (settings != null) settings.close();
        }
    }
}
