package dev.duet.servlet;

import dev.duet.conformance.SecuritySuite;

/** CSRF, security headers and CORS in a WAR-style container: Tomcat (embedded), through the Servlet API alone. */
class TomcatSecurityTest extends SecuritySuite {
    TomcatSecurityTest() {
        super(Cores.tomcat());
    }
}
