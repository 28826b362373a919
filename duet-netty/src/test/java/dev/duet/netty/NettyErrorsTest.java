package dev.duet.netty;

import dev.duet.conformance.ErrorsSuite;
import dev.duet.conformance.HttpHarness;

class NettyErrorsTest extends ErrorsSuite {
    NettyErrorsTest() {
        super(new HttpHarness(new NettyCore()));
    }
}
