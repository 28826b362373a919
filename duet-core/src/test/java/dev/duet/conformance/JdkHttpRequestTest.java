package dev.duet.conformance;

/** The Request suite over real HTTP, on the JDK's server (checks the HTTP harness itself). */
class JdkHttpRequestTest extends RequestSuite {
    JdkHttpRequestTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
