package dev.duet.netty;

import dev.duet.conformance.RoutingSuite;

class NettyRoutingTest extends RoutingSuite {
    NettyRoutingTest() {
        super(Cores.netty());
    }
}
