package dev.duet.conformance;

/** The Toolkit suite over real HTTP, on the JDK's server (checks the HTTP harness itself). */
class JdkHttpToolkitTest extends ToolkitSuite {
    JdkHttpToolkitTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
