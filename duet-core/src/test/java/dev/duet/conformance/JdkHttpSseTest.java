package dev.duet.conformance;

/** Server-Sent Events over real HTTP, on the JDK's server. */
class JdkHttpSseTest extends SseSuite {
    JdkHttpSseTest() {
        super(new HttpHarness(new JdkHttpServerCore())
                .lacking(Harness.Capability.NOTICES_DISCONNECTS,
                        "the JDK's server does not watch a connection while a response streams: a write finds the client gone"));
    }
}
