package dev.duet.netty;

import dev.duet.conformance.ThreadingSuite;
import dev.duet.conformance.HttpHarness;

class NettyThreadingTest extends ThreadingSuite {
    NettyThreadingTest() {
        super(new HttpHarness(new NettyCore()));
    }
}
