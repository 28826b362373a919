package dev.duet.conformance;

/** The hostile-bodies suite over real HTTP, on the JDK's server. */
class JdkHttpHostileBodiesTest extends HostileBodiesSuite {
    JdkHttpHostileBodiesTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
