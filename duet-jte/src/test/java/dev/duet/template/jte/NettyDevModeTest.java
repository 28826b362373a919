package dev.duet.template.jte;

/** {@link DevModeSuite} on Netty over HTTP. */
class NettyDevModeTest extends DevModeSuite {
    NettyDevModeTest() {
        super(Engines.netty());
    }
}
