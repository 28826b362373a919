package dev.duet.conformance;

/** The Pages suite over real HTTP, on the JDK's server. */
class JdkHttpPagesTest extends PagesSuite {
    JdkHttpPagesTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
