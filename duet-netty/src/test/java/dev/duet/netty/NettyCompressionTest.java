package dev.duet.netty;

import dev.duet.conformance.CompressionSuite;

class NettyCompressionTest extends CompressionSuite {
    NettyCompressionTest() {
        super(Cores.netty());
    }
}
