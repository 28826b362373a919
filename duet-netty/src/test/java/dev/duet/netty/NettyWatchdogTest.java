package dev.duet.netty;

import dev.duet.conformance.WatchdogSuite;
import dev.duet.conformance.HttpHarness;

class NettyWatchdogTest extends WatchdogSuite {
    NettyWatchdogTest() {
        super(new HttpHarness(new NettyCore()));
    }
}
