package dev.duet.conformance;

/** The Errors suite over real HTTP, on the JDK's server (checks the HTTP harness itself). */
class JdkHttpErrorsTest extends ErrorsSuite {
    JdkHttpErrorsTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
