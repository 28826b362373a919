package dev.duet.template.pebble;

import dev.duet.conformance.InProcessHarness;

/** Views through {@link dev.duet.test.TestClient}: no socket, the same pipeline. */
class InProcessViewTest extends ViewSuite {
    InProcessViewTest() {
        super(new InProcessHarness());
    }
}
