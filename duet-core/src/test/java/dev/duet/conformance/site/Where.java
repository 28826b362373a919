package dev.duet.conformance.site;

import dev.duet.spi.EventLoopThread;

/** Where a page method ran, written into its answer: not a page (not named Page), so never served. */
public final class Where {
    private Where() {
    }

    /** {@code loop}, {@code virtual} or {@code platform}: the kind of thread running now. */
    public static String now() {
        return EventLoopThread.isCurrent() ? "loop" : Thread.currentThread().isVirtual() ? "virtual" : "platform";
    }
}
