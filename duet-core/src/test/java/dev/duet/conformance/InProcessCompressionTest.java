package dev.duet.conformance;

/** The compression suite in-process, through the test client. */
class InProcessCompressionTest extends CompressionSuite {
    InProcessCompressionTest() {
        super(new InProcessHarness());
    }
}
