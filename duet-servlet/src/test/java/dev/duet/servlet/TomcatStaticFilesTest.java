package dev.duet.servlet;

import dev.duet.conformance.StaticFilesSuite;

/** Static files in a WAR-style container: Tomcat (embedded), through the Servlet API alone. */
class TomcatStaticFilesTest extends StaticFilesSuite {
    TomcatStaticFilesTest() {
        super(Cores.tomcat());
    }
}
