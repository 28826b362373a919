package dev.duet.netty;

import dev.duet.conformance.ToolkitSuite;

class NettyToolkitTest extends ToolkitSuite {
    NettyToolkitTest() {
        super(Cores.netty());
    }
}
