package dev.duet.servlet;

import dev.duet.conformance.HooksSuite;

class JettyHooksTest extends HooksSuite {
    JettyHooksTest() {
        super(Cores.jetty());
    }
}
