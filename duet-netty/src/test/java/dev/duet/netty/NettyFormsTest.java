package dev.duet.netty;

import dev.duet.conformance.FormsSuite;

class NettyFormsTest extends FormsSuite {
    NettyFormsTest() {
        super(Cores.netty());
    }
}
