package dev.duet.netty;

import dev.duet.conformance.StaticFilesSuite;

class NettyStaticFilesTest extends StaticFilesSuite {
    NettyStaticFilesTest() {
        super(Cores.netty());
    }
}
