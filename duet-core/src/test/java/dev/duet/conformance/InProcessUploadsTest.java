package dev.duet.conformance;

class InProcessUploadsTest extends UploadsSuite {
    InProcessUploadsTest() {
        super(new InProcessHarness());
    }
}
