package dev.duet.conformance;

/** The rate-limit suite over real HTTP, on the JDK's server. */
class JdkHttpRateLimitTest extends RateLimitSuite {
    JdkHttpRateLimitTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
