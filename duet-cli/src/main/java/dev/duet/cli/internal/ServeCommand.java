package dev.duet.cli.internal;

import dev.duet.App;
import dev.duet.cli.Application;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code duet serve}: builds the app from its settings (profile {@code prod} by default), starts
 * it, and returns when it has stopped: on SIGTERM (App's own shutdown hook stops it gracefully)
 * or when something calls {@link App#stop()}. The settings close after the app's own stop hooks.
 */
public final class ServeCommand extends AppCommand {
    private final OptionSpec port;
    private final OptionSpec host;
    private final OptionSpec core;
    private final OptionSpec eventLoops;

    /** The command for {@code application}, reading {@code inputs}. */
    public ServeCommand(Application application, Inputs inputs) {
        super(application, inputs, "serve", "prod", "Starts the app for production and serves until stopped (SIGTERM).");
        port = option("--port", Integer.class, "PORT", "The port to bind (the port knob; 0 picks a free one).");
        host = option("--host", String.class, "HOST", "The address to bind (the host knob).");
        core = option("--core", String.class, "CORE", "The server core: netty or servlet (the core knob).");
        eventLoops = option("--event-loops", Integer.class, "N", "Event loop threads, 0 = one per core (the eventLoops knob).");
    }

    @Override
    public Integer call() throws Exception {
        List<Setting> flags = new ArrayList<>();
        addFlag(flags, port, "port");
        addFlag(flags, host, "host");
        addFlag(flags, core, "core");
        addFlag(flags, eventLoops, "eventLoops");
        LayeredSettings settings = loadSettings(flags);
        App app;
        try {
            app = application.create(settings);
        } catch (RuntimeException e) {
            settings.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // After the app's own stop hooks (registered in create): they may still use the database.
        app.onStop(settings::close);
        app.onStop(stopped::countDown);
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop(); // never started: runs the stop hooks, so the settings and the app's resources close
            throw e;
        }
        String shownHost = app.config().host().equals("0.0.0.0") ? "localhost" : app.config().host();
        out().println("duet serve: http://" + shownHost + ":" + app.port() + " (profile " + settings.profile()
                + ", core " + app.config().core() + ")");
        out().flush();
        stopped.await();
        return 0;
    }

    private static void addFlag(List<Setting> flags, OptionSpec option, String knob) {
        Object v = option.getValue();
        if (v != null) flags.add(new Setting(knob, v.toString(), option.longestName()));
    }
}
