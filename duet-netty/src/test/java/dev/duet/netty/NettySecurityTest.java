package dev.duet.netty;

import dev.duet.conformance.SecuritySuite;

class NettySecurityTest extends SecuritySuite {
    NettySecurityTest() {
        super(Cores.netty());
    }
}
