package dev.duet.netty;

import dev.duet.conformance.SlowClientsSuite;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The slow-clients suite on Netty, with Netty's leak detection at its production level for the
 * duration: this module's tests run it at {@code paranoid}, which records a stack trace at every
 * buffer's every use, and the suite measures latency under load, not the leak detector's cost.
 */
class NettySlowClientsTest extends SlowClientsSuite {
    private static ResourceLeakDetector.Level testLevel;

    NettySlowClientsTest() {
        super(Cores.netty());
    }

    @BeforeAll
    static void productionLeakDetection() {
        testLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    }

    @AfterAll
    static void testLeakDetectionAgain() {
        ResourceLeakDetector.setLevel(testLevel);
    }
}
