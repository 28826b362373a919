package dev.duet.servlet;

import dev.duet.conformance.UploadsSuite;

class TomcatUploadsTest extends UploadsSuite {
    TomcatUploadsTest() {
        super(Cores.tomcat());
    }
}
