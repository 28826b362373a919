package dev.duet.conformance;

/** The Routing suite over real HTTP, on the JDK's server (checks the HTTP harness itself). */
class JdkHttpRoutingTest extends RoutingSuite {
    JdkHttpRoutingTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
