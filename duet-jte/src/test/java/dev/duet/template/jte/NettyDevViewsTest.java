package dev.duet.template.jte;

/** {@link JteViewsSuite} on Netty over HTTP, with templates compiled on the fly (dev mode). */
class NettyDevViewsTest extends JteViewsSuite {
    NettyDevViewsTest() {
        super(Engines.netty(), Engines.dev());
    }
}
