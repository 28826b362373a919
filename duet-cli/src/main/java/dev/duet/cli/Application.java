package dev.duet.cli;

import dev.duet.App;

/**
 * An app as the command line sees it: how to build it from its settings. The same instance
 * serves {@code serve}, {@code routes}, {@code run} (which builds it again, in a fresh class
 * loader, after each change) and the app's own commands.
 *
 * <pre>{@code
 * public final class Site implements Application {
 *     public App create(Settings settings) {
 *         App app = App.create(settings.config());
 *         app.get("/", req -> "hello");
 *         return app;
 *     }
 *
 *     public static void main(String[] args) {
 *         System.exit(DuetCli.run(new Site(), args));
 *     }
 * }
 * }</pre>
 */
public interface Application {
    /** A new, not yet started app with its routes, built on {@code settings}. */
    App create(Settings settings);
}
