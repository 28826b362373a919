package dev.duet.template.jte;

/** {@link JteViewsSuite} on Jetty over HTTP, with templates compiled on the fly (dev mode). */
class JettyDevViewsTest extends JteViewsSuite {
    JettyDevViewsTest() {
        super(Engines.jetty(), Engines.dev());
    }
}
