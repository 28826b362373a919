package dev.duet.tour.war;

import dev.duet.App;
import dev.duet.servlet.DuetWebApp;
import dev.duet.tour.Tour;
import jakarta.servlet.ServletContext;

/**
 * The tour as a web application: the same {@link Tour#build} the jar's main uses, handed to the
 * container by {@link dev.duet.servlet.DuetListener} (see {@code WEB-INF/web.xml}). Settings come
 * from {@code duet.*} system properties and {@code DUET_*} variables as usual; the container owns
 * the port and the connections.
 */
public final class TourWebApp implements DuetWebApp {
    @Override
    public App create(ServletContext context) {
        return Tour.build(App.create());
    }
}
