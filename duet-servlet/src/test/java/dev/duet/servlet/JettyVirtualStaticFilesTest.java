package dev.duet.servlet;

import dev.duet.conformance.StaticFilesSuite;

class JettyVirtualStaticFilesTest extends StaticFilesSuite {
    JettyVirtualStaticFilesTest() {
        super(Cores.jettyVirtual());
    }
}
