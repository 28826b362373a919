package dev.duet.servlet;

import dev.duet.conformance.SessionsSuite;

/** Static files in a WAR-style container: Tomcat (embedded), through the Servlet API alone. */
class TomcatSessionsTest extends SessionsSuite {
    TomcatSessionsTest() {
        super(Cores.tomcat());
    }
}
