package dev.duet.conformance;

/** The Hooks suite over real HTTP, on the JDK's server (checks the HTTP harness itself). */
class JdkHttpHooksTest extends HooksSuite {
    JdkHttpHooksTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
