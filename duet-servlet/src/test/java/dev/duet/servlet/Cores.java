package dev.duet.servlet;

import dev.duet.conformance.Harness;
import dev.duet.conformance.HttpHarness;

/** The harnesses the conformance suites run this module's cores on. */
public final class Cores {
    private Cores() {
    }

    /**
     * Embedded Jetty, as it runs by default ({@link DuetServlet.Threading#CONTAINER}): blocking
     * links inline on Jetty's (virtual) request threads, async links suspending the request.
     */
    public static Harness jetty() {
        return new HttpHarness(new JettyCore(DuetServlet.Threading.CONTAINER), Harness.Threading.CONTAINER);
    }

    /** Embedded Jetty with {@link DuetServlet.Threading#VIRTUAL}: blocking links hop to Duet's own virtual threads. */
    public static Harness jettyVirtual() {
        return new HttpHarness(new JettyCore(DuetServlet.Threading.VIRTUAL), Harness.Threading.CONTAINER);
    }

    /** The same servlet in embedded Tomcat 11, on Tomcat's platform threads. */
    public static Harness tomcat() {
        return new HttpHarness(new TomcatCore(), Harness.Threading.CONTAINER);
    }
}
