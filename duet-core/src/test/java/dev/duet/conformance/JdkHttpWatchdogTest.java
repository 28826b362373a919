package dev.duet.conformance;

/** The Watchdog suite over real HTTP, on the JDK's server (checks the HTTP harness itself). */
class JdkHttpWatchdogTest extends WatchdogSuite {
    JdkHttpWatchdogTest() {
        super(new HttpHarness(new JdkHttpServerCore()));
    }
}
