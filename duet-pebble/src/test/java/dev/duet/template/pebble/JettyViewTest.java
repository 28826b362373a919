package dev.duet.template.pebble;

import dev.duet.conformance.Harness;
import dev.duet.conformance.HttpHarness;
import dev.duet.servlet.DuetServlet;
import dev.duet.servlet.JettyCore;

/** Views over HTTP on the Servlet core, in embedded Jetty. */
class JettyViewTest extends ViewSuite {
    JettyViewTest() {
        super(new HttpHarness(new JettyCore(DuetServlet.Threading.CONTAINER), Harness.Threading.CONTAINER));
    }
}
