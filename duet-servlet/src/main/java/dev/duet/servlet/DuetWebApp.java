package dev.duet.servlet;

import dev.duet.App;
import jakarta.servlet.ServletContext;

/**
 * Builds the {@link App} a web application (a WAR) serves. Name the implementing class in the
 * WAR's {@code web.xml} with {@link DuetListener}:
 *
 * <pre>{@code
 * <listener><listener-class>dev.duet.servlet.DuetListener</listener-class></listener>
 * <context-param>
 *   <param-name>duet.app</param-name>
 *   <param-value>com.example.MyWebApp</param-value>
 * </context-param>
 * }</pre>
 *
 * The class needs a public no-argument constructor. {@link #create} runs once, when the web
 * application starts; the app is stopped gracefully when it stops.
 */
@FunctionalInterface
public interface DuetWebApp {
    /** The app to serve, configured (routes, hooks); not started. */
    App create(ServletContext context) throws Exception;
}
