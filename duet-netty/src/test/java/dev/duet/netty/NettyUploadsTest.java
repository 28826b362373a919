package dev.duet.netty;

import dev.duet.conformance.UploadsSuite;

class NettyUploadsTest extends UploadsSuite {
    NettyUploadsTest() {
        super(Cores.netty());
    }
}
