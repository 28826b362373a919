package dev.duet.servlet;

import dev.duet.conformance.SlowClientsSuite;

/**
 * The slow-clients suite on Tomcat with virtual request threads. On its default 200 platform
 * threads each body dribbler holds one (Duet reads a body with the Servlet API's blocking reads,
 * and Tomcat's connectionTimeout bounds each read, not the request), so 200 of them starve every
 * other request: the probe got no answer within 5 s. docs/reliability.md ("Slow clients") says
 * what a Tomcat deployment does about it: virtual request threads, or nginx in front, which
 * buffers bodies.
 */
class TomcatSlowClientsTest extends SlowClientsSuite {
    TomcatSlowClientsTest() {
        super(Cores.tomcatVirtualThreads());
    }
}
