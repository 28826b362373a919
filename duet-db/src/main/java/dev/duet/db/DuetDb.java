package dev.duet.db;

import dev.duet.App;
import dev.duet.HttpError;

import java.util.Map;

/**
 * Plugs duet-db into a Duet {@link App}: its exceptions become HTTP errors rendered like every
 * other Duet error (JSON for JSON clients, HTML otherwise, with the request id).
 *
 * <table>
 * <caption>What each exception becomes</caption>
 * <tr><th>exception</th><th>status</th></tr>
 * <tr><td>{@link NotFound}</td><td>404</td></tr>
 * <tr><td>{@link UniqueViolation}, {@link ForeignKeyViolation}</td><td>409</td></tr>
 * <tr><td>{@link NotNullViolation}, {@link CheckViolation}, {@link ValueTooLong}</td><td>400</td></tr>
 * <tr><td>{@link ConnectionFailure}, {@link Overloaded}</td><td>503 with {@code Retry-After}</td></tr>
 * </table>
 * Any other {@link DbException} stays a 500 (logged with its stack trace).
 *
 * <pre>{@code
 * App app = App.create();
 * Database db = Database.fromEnvironment();
 * DuetDb.install(app, db);     // error mapping, and the pool closes when the app stops
 * }</pre>
 */
public final class DuetDb {
    private DuetDb() {
    }

    /** Registers the error mapping above on {@code app}. Register your own handler for a type afterwards to override it. */
    public static App install(App app) {
        app.error(NotFound.class, (req, e) -> {
            throw new HttpError(404, e.getMessage(), e);
        });
        app.error(UniqueViolation.class, (req, e) -> {
            throw new HttpError(409, e.getMessage(), e);
        });
        app.error(ForeignKeyViolation.class, (req, e) -> {
            throw new HttpError(409, e.getMessage(), e);
        });
        app.error(NotNullViolation.class, (req, e) -> {
            throw new HttpError(400, e.getMessage(), e);
        });
        app.error(CheckViolation.class, (req, e) -> {
            throw new HttpError(400, e.getMessage(), e);
        });
        app.error(ValueTooLong.class, (req, e) -> {
            throw new HttpError(400, e.getMessage(), e);
        });
        app.error(ConnectionFailure.class, (req, e) -> {
            throw new HttpError(503, "The database is unavailable; try again shortly", Map.of("Retry-After", "1"), e);
        });
        app.error(Overloaded.class, (req, e) -> {
            throw new HttpError(503, e.getMessage(), Map.of("Retry-After", "1"), e);
        });
        return app;
    }

    /** {@link #install(App)}, and closes {@code db} when the app stops. */
    public static App install(App app, Database db) {
        install(app);
        app.onStop(db::close);
        return app;
    }
}
