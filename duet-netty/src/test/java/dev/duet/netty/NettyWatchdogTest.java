package dev.duet.netty;

import dev.duet.conformance.WatchdogSuite;

class NettyWatchdogTest extends WatchdogSuite {
    NettyWatchdogTest() {
        super(Cores.netty());
    }
}
