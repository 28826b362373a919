package dev.duet.template.jte;

/** {@link DevModeSuite} on Jetty over HTTP. */
class JettyDevModeTest extends DevModeSuite {
    JettyDevModeTest() {
        super(Engines.jetty());
    }
}
