/**
 * Duet's core: the app, routing, requests and responses, the concurrency toolkit, the test client,
 * and the SPI that server cores implement. {@code dev.duet.internal} is not exported: nothing
 * outside this module may depend on it.
 */
module dev.duet.core {
    exports dev.duet;
    exports dev.duet.form;
    exports dev.duet.hub;
    exports dev.duet.ops;
    exports dev.duet.session;
    exports dev.duet.spi;
    exports dev.duet.sse;
    exports dev.duet.template;
    exports dev.duet.test;
    exports dev.duet.ws;

    requires transitive org.slf4j;
    requires transitive tools.jackson.databind;
    requires jdk.jfr;

    uses dev.duet.spi.Compressor;
    uses dev.duet.spi.ServerCore;
    uses dev.duet.template.TemplateEngine.Provider;
}
