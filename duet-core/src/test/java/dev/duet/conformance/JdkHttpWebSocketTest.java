package dev.duet.conformance;

import org.junit.jupiter.api.Disabled;

/** The JDK's HTTP server cannot hand over its connection after a 101: nothing of the suite can run on it. */
@Disabled("com.sun.net.httpserver has no way to take over a connection after a 101 (no upgrade API); "
        + "WebSockets are tested in-process and on the Netty, Jetty and Tomcat cores")
class JdkHttpWebSocketTest extends WebSocketSuite {
    JdkHttpWebSocketTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
