package dev.duet.servlet;

import dev.duet.conformance.FormsSuite;

class TomcatFormsTest extends FormsSuite {
    TomcatFormsTest() {
        super(Cores.tomcat());
    }
}
