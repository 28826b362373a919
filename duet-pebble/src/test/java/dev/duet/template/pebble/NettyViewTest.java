package dev.duet.template.pebble;

import dev.duet.conformance.HttpHarness;
import dev.duet.netty.NettyCore;

/** Views over HTTP on the Netty core. */
class NettyViewTest extends ViewSuite {
    NettyViewTest() {
        super(new HttpHarness(new NettyCore()));
    }
}
