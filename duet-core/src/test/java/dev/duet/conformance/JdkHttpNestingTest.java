package dev.duet.conformance;

/** The Nesting suite over real HTTP, on the JDK's server (checks the HTTP harness itself). */
class JdkHttpNestingTest extends NestingSuite {
    JdkHttpNestingTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
