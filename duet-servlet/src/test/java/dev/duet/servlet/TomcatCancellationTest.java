package dev.duet.servlet;

import dev.duet.conformance.RawClient;

import dev.duet.App;
import dev.duet.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain servlet in Tomcat: the Servlet API has no way to learn that a client went away while
 * its request is handled (Tomcat, like Jetty, reads nothing meanwhile and calls no listener), so
 * the work runs on to its end (or its deadline) and the exchange ends when the response cannot be
 * delivered. The Jetty runner watches its sockets itself (JettyCancellationTest); a documented
 * difference, see docs/deployment.md.
 */
class TomcatCancellationTest {
    private App app;

    @AfterEach
    void stop() {
        if (app != null) app.stop();
    }

    @Test
    void aClientThatGoesAwayIsNoticedWhenItsResponseIsWritten() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        app = App.create(Config.builder().host("127.0.0.1").port(0).shutdownGrace(Duration.ofSeconds(2)).build());
        app.get("/sleep", req -> {
            started.countDown();
            Thread.sleep(300);
            finished.countDown();
            return "woke up";
        });
        app.start(new TomcatCore());
        try (RawClient c = new RawClient(app.port())) {
            c.send("GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(finished.await(5, TimeUnit.SECONDS)).as("the handler ran to its end").isTrue();
        assertThat(app.awaitIdle(Duration.ofSeconds(3))).as("and the exchange ended with the write").isTrue();
    }
}
