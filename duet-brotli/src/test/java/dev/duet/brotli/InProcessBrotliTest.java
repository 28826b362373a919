package dev.duet.brotli;

import dev.duet.conformance.InProcessHarness;

/** br through the test client. */
class InProcessBrotliTest extends BrotliSuite {
    InProcessBrotliTest() {
        super(new InProcessHarness());
    }
}
