package dev.duet.template.jte;

/** {@link JteViewsSuite} on the test client (no socket), with templates compiled on the fly (dev mode). */
class InProcessDevViewsTest extends JteViewsSuite {
    InProcessDevViewsTest() {
        super(Engines.inProcess(), Engines.dev());
    }
}
