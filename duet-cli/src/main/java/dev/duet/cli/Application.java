package dev.duet.cli;

import dev.duet.App;
import dev.duet.Config;

/**
 * An app as the command line sees it: how to build it from a configuration. The same instance
 * serves {@code serve}, {@code routes}, {@code run} (which builds it again, in a fresh class
 * loader, after each change) and the app's own commands.
 *
 * <pre>{@code
 * public final class Site implements Application {
 *     public App create(Config config) {
 *         App app = App.create(config);
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
    /** A new, not yet started app with its routes, built on {@code config}. */
    App create(Config config);
}
