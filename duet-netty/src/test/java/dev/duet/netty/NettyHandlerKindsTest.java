package dev.duet.netty;

import dev.duet.conformance.HandlerKindsSuite;
import dev.duet.conformance.HttpHarness;

class NettyHandlerKindsTest extends HandlerKindsSuite {
    NettyHandlerKindsTest() {
        super(new HttpHarness(new NettyCore()));
    }
}
