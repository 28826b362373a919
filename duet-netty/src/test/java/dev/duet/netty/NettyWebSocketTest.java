package dev.duet.netty;

import dev.duet.conformance.WebSocketSuite;

class NettyWebSocketTest extends WebSocketSuite {
    NettyWebSocketTest() {
        super(Cores.netty());
    }
}
