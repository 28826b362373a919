package dev.duet.netty;

import dev.duet.conformance.HooksSuite;

class NettyHooksTest extends HooksSuite {
    NettyHooksTest() {
        super(Cores.netty());
    }
}
