package dev.duet.netty;

import dev.duet.conformance.RequestSuite;
import dev.duet.conformance.HttpHarness;

class NettyRequestTest extends RequestSuite {
    NettyRequestTest() {
        super(new HttpHarness(new NettyCore()));
    }
}
