package dev.duet.conformance;

class InProcessSecurityTest extends SecuritySuite {
    InProcessSecurityTest() {
        super(new InProcessHarness());
    }
}
