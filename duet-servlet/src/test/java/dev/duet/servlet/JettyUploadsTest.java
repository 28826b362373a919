package dev.duet.servlet;

import dev.duet.conformance.UploadsSuite;

class JettyUploadsTest extends UploadsSuite {
    JettyUploadsTest() {
        super(Cores.jetty());
    }
}
