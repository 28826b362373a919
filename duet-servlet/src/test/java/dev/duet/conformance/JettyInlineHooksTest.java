package dev.duet.conformance;

import dev.duet.servlet.Cores;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The Hooks suite on Jetty with blocking links inline on Jetty's threads (here, in this package, to override package-private tests). */
class JettyInlineHooksTest extends HooksSuite {
    JettyInlineHooksTest() {
        super(Cores.jettyInline());
    }

    private static final String CORE_CHANGE = "duet-core: a deadline cannot interrupt a blocking link running inline on a container thread,"
            + " nor answer before it returns (Call.cancelWork interrupts only Duet's own virtual thread);"
            + " passes with the Call change in docs/deployment.md, Threading";

    @Override
    @Test
    @Disabled(CORE_CHANGE)
    void teardownHooksOfBothKindsRunForATimedOutRequest() {
    }
}
