package dev.duet.conformance;

/** The Threading suite over real HTTP, on the JDK's server (checks the HTTP harness itself). */
class JdkHttpThreadingTest extends ThreadingSuite {
    JdkHttpThreadingTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
