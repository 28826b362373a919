package dev.duet.conformance;

class InProcessHostileBodiesTest extends HostileBodiesSuite {
    InProcessHostileBodiesTest() {
        super(new InProcessHarness());
    }
}
