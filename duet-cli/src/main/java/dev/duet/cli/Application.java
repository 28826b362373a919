package dev.duet.cli;

import dev.duet.App;

import java.util.List;

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

    /**
     * Adds the app's own commands, run like Duet's: {@code java -jar site.jar seed --count 10}.
     * None by default.
     *
     * <pre>{@code
     * public void commands(Commands commands) {
     *     commands.add(Command.named("seed").description("Fills the database").blocking(ctx -> seed(ctx)));
     * }
     * }</pre>
     */
    default void commands(Commands commands) {
    }

    /**
     * The app's models, whose tables {@code duet db create-tables} creates (see
     * {@code Database.createTables}). None by default.
     */
    default List<Class<?>> models() {
        return List.of();
    }
}
