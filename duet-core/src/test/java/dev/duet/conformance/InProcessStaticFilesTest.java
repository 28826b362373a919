package dev.duet.conformance;

class InProcessStaticFilesTest extends StaticFilesSuite {
    InProcessStaticFilesTest() {
        super(new InProcessHarness());
    }
}
