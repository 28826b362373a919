package dev.duet.netty;

import dev.duet.conformance.HandlerKindsSuite;

class NettyHandlerKindsTest extends HandlerKindsSuite {
    NettyHandlerKindsTest() {
        super(Cores.netty());
    }
}
