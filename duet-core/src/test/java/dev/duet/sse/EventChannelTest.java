package dev.duet.sse;

import ch.qos.logback.classic.Level;
import dev.duet.Config;
import dev.duet.conformance.LogCapture;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stream's queue between a source and the writer, driven here without a core: a stalled client is a stream that blocks. */
class EventChannelTest {
    private static final Config SMALL = Config.builder().sseMaxQueued(100).sseQueueGrace(Duration.ofMillis(200)).build();

    /** An output that blocks every write until released: a client that does not read. */
    private static final class Stalled extends OutputStream {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException("stopped");
            }
        }
    }

    @Test
    void aPushStreamOverItsLimitForLongerThanTheGraceIsClosedAndLoggedOnce() throws Exception {
        AtomicReference<EventSink> sink = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        EventChannel channel = EventChannel.push(SMALL, null, s -> {
            sink.set(s);
            s.onClose(closed::countDown);
        });
        Stalled client = new Stalled();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                channel.writeTo(client);
            } catch (IOException e) {
                // stopped, as a core's writer would be
            }
        });
        while (sink.get() == null) Thread.sleep(5);
        try (LogCapture log = LogCapture.of("dev.duet.sse", Level.WARN)) {
            assertThat(sink.get().send("first, which the writer takes and is stuck writing")).isTrue();
            String big = "x".repeat(60);
            assertThat(sink.get().send(big)).isTrue();
            assertThat(sink.get().send(big)).as("over the limit, within the grace: still queued").isTrue();
            assertThat(sink.get().queuedBytes()).isGreaterThan(100);
            Thread.sleep(300);
            assertThat(sink.get().send(big)).as("over the limit past the grace: closed").isFalse();
            assertThat(closed.await(1, TimeUnit.SECONDS)).isTrue();
            assertThat(sink.get().send(big)).isFalse();
            assertThat(log.events()).hasSize(1);
            assertThat(log.events().getFirst().getFormattedMessage()).contains("sseMaxQueued (100 bytes)", "sseQueueGrace (200 ms)");
        }
        writer.join(2000);
        assertThat(writer.isAlive()).as("the stalled writer was stopped").isFalse();
    }

    @Test
    void aBlockingSourceWaitsForRoomInsteadOfQueueingPastTheLimit() throws Exception {
        CountDownLatch sentThird = new CountDownLatch(1);
        EventChannel channel = EventChannel.blocking(SMALL, null, events -> {
            String big = "x".repeat(60);
            events.send(big);
            events.send(big);
            events.send(big);
            sentThird.countDown();
        });
        Stalled client = new Stalled();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                channel.writeTo(client);
            } catch (IOException e) {
                // not expected
            }
        });
        assertThat(sentThird.await(300, TimeUnit.MILLISECONDS)).as("the source waits while the client is behind").isFalse();
        client.release.countDown();
        assertThat(sentThird.await(5, TimeUnit.SECONDS)).isTrue();
        writer.join(5000);
        assertThat(writer.isAlive()).isFalse();
    }

    @Test
    void aSourceThatFailsEndsTheStreamAsFailedAfterWhatItSent() {
        EventChannel channel = EventChannel.blocking(Config.defaults(), null, events -> {
            events.send("before");
            throw new IllegalStateException("the source broke");
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> channel.writeTo(out)).isInstanceOf(IOException.class)
                .hasMessage("the event source failed").hasRootCauseMessage("the source broke");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("data: before\n\n");
    }

    @Test
    void aStreamIsWrittenOnce() throws Exception {
        EventChannel channel = EventChannel.push(Config.defaults(), null, EventSink::complete);
        channel.writeTo(new ByteArrayOutputStream());
        assertThatThrownBy(() -> channel.writeTo(new ByteArrayOutputStream())).hasMessageContaining("written once");
    }

    @Test
    void onCloseAddedAfterTheCloseRunsAtOnce() throws Exception {
        AtomicReference<EventSink> sink = new AtomicReference<>();
        EventChannel channel = EventChannel.push(Config.defaults(), "5", s -> {
            sink.set(s);
            s.close();
        });
        channel.writeTo(new ByteArrayOutputStream());
        CountDownLatch ran = new CountDownLatch(1);
        sink.get().onClose(ran::countDown);
        assertThat(ran.getCount()).isZero();
        assertThat(sink.get().lastEventId()).isEqualTo("5");
        assertThat(sink.get().isOpen()).isFalse();
    }
}
