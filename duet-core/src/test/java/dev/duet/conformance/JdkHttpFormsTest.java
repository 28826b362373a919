package dev.duet.conformance;

/** The forms suite over real HTTP, on the JDK's server. */
class JdkHttpFormsTest extends FormsSuite {
    JdkHttpFormsTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
