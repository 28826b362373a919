package dev.duet.servlet;

import dev.duet.App;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a Duet app from a WAR in any Servlet 6 container, declared in {@code web.xml} (no
 * annotation scanning needed, so it works the same on Tomcat and on Jetty's {@code ee11-deploy}):
 * builds the app with the {@link DuetWebApp} named by the context parameter {@code duet.app},
 * mounts a {@link DuetServlet} at {@code /*}, freezes the app and runs its {@code onStart} actions
 * ({@link dev.duet.Lifecycle#runStartActions}: durable jobs start polling, say) before the container
 * serves its first request; and when the web application stops, lets in-flight requests finish
 * (the {@code shutdownGrace} setting) and stops the app (background tasks drain, stop hooks run).
 * A start action that fails stops the app and fails the deployment.
 *
 * <p>Context parameters: {@code duet.app} (required) the {@link DuetWebApp} class;
 * {@code duet.threading} (optional) {@code container} or {@code virtual}, see
 * {@link DuetServlet.Threading}. The app's own settings come from {@code duet.*} system properties
 * and {@code DUET_*} environment variables as usual ({@link dev.duet.Config#fromEnvironment()});
 * {@code host}, {@code port} and the connection limits are the container's to set.
 */
public class DuetListener implements ServletContextListener {
    private static final Logger log = LoggerFactory.getLogger(DuetListener.class);

    private App app;

    /** Made by the container from {@code web.xml}'s {@code <listener>}; the app is built when the context starts. */
    public DuetListener() {
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String name = context.getInitParameter("duet.app");
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("DuetListener needs the context parameter duet.app: the class name of a "
                    + DuetWebApp.class.getName() + " (in web.xml, <context-param>)");
        }
        DuetServlet.Threading threading = DuetServlet.DEFAULT_THREADING;
        String t = context.getInitParameter("duet.threading");
        if (t != null && !t.isBlank()) threading = DuetServlet.threadingFrom(t);
        try {
            Class<?> type = Class.forName(name.trim(), true, context.getClassLoader());
            DuetWebApp webApp = (DuetWebApp) type.getDeclaredConstructor().newInstance();
            app = webApp.create(context);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not build the app with " + name + ": " + e, e);
        }
        DuetServlet.register(context, app, threading);
        DuetServlet.runStartActions(app);
        log.info("Duet serving {} routes in {} at {}/ ({} threading)", app.routes().size(), context.getServerInfo(),
                context.getContextPath(), threading.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (app == null) return;
        if (!app.awaitIdle(app.config().shutdownGrace())) {
            log.warn("Stopping with {} request(s) still in flight", app.inFlight());
        }
        app.stop();
    }
}
