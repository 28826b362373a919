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
    public App create(ServletContext context) throws ClassNotFoundException {
        // JDBC's DriverManager finds drivers by ServiceLoader once per JVM, with the class loader of
        // whichever web application asked first; a second application (another context, or this
        // WAR redeployed) must register its own copy of the driver, as web applications do.
        Class.forName("org.sqlite.JDBC", true, TourWebApp.class.getClassLoader());
        return Tour.build(App.create());
    }
}
