package dev.duet.conformance;

/** The security suite (CSRF, security headers, CORS) over real HTTP, on the JDK's server. */
class JdkHttpSecurityTest extends SecuritySuite {
    JdkHttpSecurityTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
