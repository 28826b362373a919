package dev.duet.conformance;

class InProcessWatchdogTest extends WatchdogSuite {
    InProcessWatchdogTest() {
        super(new InProcessHarness());
    }
}
