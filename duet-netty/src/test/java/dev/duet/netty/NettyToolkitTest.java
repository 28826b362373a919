package dev.duet.netty;

import dev.duet.conformance.ToolkitSuite;
import dev.duet.conformance.HttpHarness;

class NettyToolkitTest extends ToolkitSuite {
    NettyToolkitTest() {
        super(new HttpHarness(new NettyCore()));
    }
}
