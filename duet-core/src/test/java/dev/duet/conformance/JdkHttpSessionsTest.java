package dev.duet.conformance;

/** The sessions suite over real HTTP, on the JDK's server. */
class JdkHttpSessionsTest extends SessionsSuite {
    JdkHttpSessionsTest() {
        super(new HttpHarness(new JdkHttpServerCore())
                .lacking(Harness.Capability.DUET_ANSWERS_MALFORMED_REQUESTS,
                        "the JDK's server refuses a target that is not a URI (a raw backslash, %zz) itself, with its own 400")
                .lacking(Harness.Capability.MARKS_A_FAILED_STREAM_INCOMPLETE,
                        "the JDK's server leaves a fixed-length body cut short hanging rather than closing at once"));
    }
}
