package dev.duet.brotli;

import dev.duet.conformance.HttpHarness;
import dev.duet.netty.NettyCore;

/** br over HTTP on Netty, whose event loop hands large bodies to the CPU pool. */
class NettyBrotliTest extends BrotliSuite {
    NettyBrotliTest() {
        super(new HttpHarness(new NettyCore()));
    }
}
