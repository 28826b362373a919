package dev.duet.conformance;

class InProcessWebSocketTest extends WebSocketSuite {
    InProcessWebSocketTest() {
        super(new InProcessHarness());
    }
}
