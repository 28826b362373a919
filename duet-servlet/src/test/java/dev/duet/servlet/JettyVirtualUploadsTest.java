package dev.duet.servlet;

import dev.duet.conformance.UploadsSuite;

class JettyVirtualUploadsTest extends UploadsSuite {
    JettyVirtualUploadsTest() {
        super(Cores.jettyVirtual());
    }
}
