package dev.duet.conformance;

/** The compression suite over real HTTP, on the JDK's server. */
class JdkHttpCompressionTest extends CompressionSuite {
    JdkHttpCompressionTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
