package dev.duet.netty;

import dev.duet.conformance.RateLimitSuite;

class NettyRateLimitTest extends RateLimitSuite {
    NettyRateLimitTest() {
        super(Cores.netty());
    }
}
