package dev.duet.conformance;

/** The uploads suite over real HTTP, on the JDK's server (a reference core that reads bodies on its own threads). */
class JdkHttpUploadsTest extends UploadsSuite {
    JdkHttpUploadsTest() {
        super(new HttpHarness(new JdkHttpServerCore())
                .lacking(Harness.Capability.NOTICES_DISCONNECTS, "the JDK's server tells no handler that its client left")
                .lacking(Harness.Capability.BODY_LIMIT_BEFORE_100_CONTINUE, "the JDK's server sends 100 Continue itself")
                .lacking(Harness.Capability.READ_TIMEOUT, "the JDK's server has no whole-request deadline"));
    }
}
