package dev.duet.netty;

import dev.duet.conformance.RoutingSuite;
import dev.duet.conformance.HttpHarness;

class NettyRoutingTest extends RoutingSuite {
    NettyRoutingTest() {
        super(new HttpHarness(new NettyCore()));
    }
}
