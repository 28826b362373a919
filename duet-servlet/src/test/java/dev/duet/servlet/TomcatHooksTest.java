package dev.duet.servlet;

import dev.duet.conformance.HooksSuite;

class TomcatHooksTest extends HooksSuite {
    TomcatHooksTest() {
        super(Cores.tomcat());
    }
}
