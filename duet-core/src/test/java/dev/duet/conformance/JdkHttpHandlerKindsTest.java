package dev.duet.conformance;

/** The HandlerKinds suite over real HTTP, on the JDK's server (checks the HTTP harness itself). */
class JdkHttpHandlerKindsTest extends HandlerKindsSuite {
    JdkHttpHandlerKindsTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
