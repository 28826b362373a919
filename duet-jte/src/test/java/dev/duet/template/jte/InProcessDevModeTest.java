package dev.duet.template.jte;

/** {@link DevModeSuite} on the test client (no socket). */
class InProcessDevModeTest extends DevModeSuite {
    InProcessDevModeTest() {
        super(Engines.inProcess());
    }
}
