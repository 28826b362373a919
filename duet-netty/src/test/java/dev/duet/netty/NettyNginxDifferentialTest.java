package dev.duet.netty;

import dev.duet.conformance.NginxDifferentialSuite;

class NettyNginxDifferentialTest extends NginxDifferentialSuite {
    NettyNginxDifferentialTest() {
        super(Cores.netty());
    }
}
