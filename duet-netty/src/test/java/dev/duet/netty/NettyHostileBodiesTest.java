package dev.duet.netty;

import dev.duet.conformance.HostileBodiesSuite;

class NettyHostileBodiesTest extends HostileBodiesSuite {
    NettyHostileBodiesTest() {
        super(Cores.netty());
    }
}
