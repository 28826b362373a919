package dev.duet.template.jte;

/** {@link JteViewsSuite} on Netty over HTTP, with templates precompiled by jte-maven-plugin. */
class NettyPrecompiledViewsTest extends JteViewsSuite {
    NettyPrecompiledViewsTest() {
        super(Engines.netty(), Engines.precompiled());
    }
}
