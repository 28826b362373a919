package dev.duet.netty;

import dev.duet.conformance.HooksSuite;
import dev.duet.conformance.HttpHarness;

class NettyHooksTest extends HooksSuite {
    NettyHooksTest() {
        super(new HttpHarness(new NettyCore()));
    }
}
