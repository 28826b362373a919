package dev.duet.template.jte;

/** {@link JteViewsSuite} on the test client (no socket), with templates precompiled by jte-maven-plugin. */
class InProcessPrecompiledViewsTest extends JteViewsSuite {
    InProcessPrecompiledViewsTest() {
        super(Engines.inProcess(), Engines.precompiled());
    }
}
