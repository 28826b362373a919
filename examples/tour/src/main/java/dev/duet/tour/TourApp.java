package dev.duet.tour;

import dev.duet.App;
import dev.duet.cli.Application;
import dev.duet.cli.Settings;

/**
 * The tour as the command line builds it: Duet's settings from the layered sources (the
 * {@code duet.properties} beside it on the class path sets its database to
 * {@value Tour#DEFAULT_DATABASE_URL}; {@code DATABASE_URL} or a working-directory file overrides
 * it), a random session key when none is set, and its users in the settings' database.
 *
 * <pre>{@code
 * java -jar duet-tour.jar routes
 * java -jar duet-tour.jar config --profile dev
 * }</pre>
 */
public final class TourApp implements Application {
    @Override
    public App create(Settings settings) {
        return Tour.build(App.create(Login.withSessionKey(settings.config())), settings.database());
    }
}
