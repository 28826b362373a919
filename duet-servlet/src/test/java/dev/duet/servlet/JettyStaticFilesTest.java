package dev.duet.servlet;

import dev.duet.conformance.StaticFilesSuite;

class JettyStaticFilesTest extends StaticFilesSuite {
    JettyStaticFilesTest() {
        super(Cores.jetty());
    }
}
