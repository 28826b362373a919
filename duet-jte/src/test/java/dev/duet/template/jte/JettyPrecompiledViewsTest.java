package dev.duet.template.jte;

/** {@link JteViewsSuite} on Jetty over HTTP, with templates precompiled by jte-maven-plugin. */
class JettyPrecompiledViewsTest extends JteViewsSuite {
    JettyPrecompiledViewsTest() {
        super(Engines.jetty(), Engines.precompiled());
    }
}
