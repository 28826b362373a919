package dev.duet.spi;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GracefulStop}'s sequence, with steps that record what they were asked, on an app driven
 * by the test client (so that a request can be in flight while the core stops).
 */
class GracefulStopTest {
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final App app = App.create(Config.builder().build());
    private final TestClient client;

    GracefulStopTest() {
        app.get("/hold", req -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "released";
        });
        client = TestClient.of(app);
    }

    @AfterEach
    void close() {
        release.countDown();
        client.close();
        app.stop();
    }

    /** Steps that record their calls (and what {@code draining()} said then) in {@link #calls}. */
    private static class Recorder implements GracefulStop.Steps {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<Duration> left = new CopyOnWriteArrayList<>();
        GracefulStop stop;
        Runnable duringIdleClose = () -> { };
        Runnable duringCloseTheRest = () -> { };

        @Override
        public void stopAccepting(Duration left) {
            calls.add("stopAccepting draining=" + stop.draining());
            this.left.add(left);
        }

        @Override
        public void closeIdleConnections() {
            calls.add("closeIdleConnections");
            duringIdleClose.run();
        }

        @Override
        public void closeTheRest(Duration left) {
            calls.add("closeTheRest");
            this.left.add(left);
            duringCloseTheRest.run();
        }
    }

    private GracefulStop stopWith(Recorder steps) {
        GracefulStop stop = new GracefulStop("test", app, steps);
        steps.stop = stop;
        return stop;
    }

    @Test
    void theStepsRunOnceInOrderAfterDrainingBegins() {
        Recorder steps = new Recorder();
        GracefulStop stop = stopWith(steps);
        assertThat(stop.draining()).isFalse();
        stop.stop(Duration.ofSeconds(5));
        stop.stop(Duration.ofSeconds(5)); // idempotent
        assertThat(stop.draining()).isTrue();
        assertThat(steps.calls).containsExactly("stopAccepting draining=true", "closeIdleConnections", "closeTheRest");
        assertThat(steps.left).allSatisfy(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void inFlightRequestsFinishBeforeTheRestIsClosed() throws Exception {
        Recorder steps = new Recorder();
        GracefulStop stop = stopWith(steps);
        CompletableFuture<TestResponse> held = client.sendAsync(TestRequest.get("/hold"));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        steps.duringIdleClose = () -> {
            steps.calls.add("in flight: " + app.inFlight());
            release.countDown();
        };
        steps.duringCloseTheRest = () -> steps.calls.add("in flight: " + app.inFlight());
        stop.stop(Duration.ofSeconds(10));
        assertThat(held.get(5, TimeUnit.SECONDS).text()).isEqualTo("released");
        assertThat(steps.calls).as("the request was over when the rest closed").containsExactly(
                "stopAccepting draining=true", "closeIdleConnections", "in flight: 1", "closeTheRest", "in flight: 0");
    }

    @Test
    void theGraceBoundsTheWaitThenTheRestIsClosedWithNothingLeft() throws Exception {
        Recorder steps = new Recorder();
        GracefulStop stop = stopWith(steps);
        client.sendAsync(TestRequest.get("/hold"));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        stop.stop(Duration.ofMillis(200));
        assertThat(steps.calls).containsExactly("stopAccepting draining=true", "closeIdleConnections", "closeTheRest");
        assertThat(app.inFlight()).as("still running: the grace was over, not the request").isEqualTo(1);
        assertThat(steps.left.getLast()).as("what was left of the grace once it was over").isZero();
    }

    @Test
    void aFailingStepIsLoggedAndTheSequenceGoesOn() {
        Recorder steps = new Recorder() {
            @Override
            public void stopAccepting(Duration left) {
                calls.add("stopAccepting");
                throw new IllegalStateException("the listener would not close");
            }
        };
        GracefulStop stop = stopWith(steps);
        stop.stop(Duration.ofSeconds(5));
        assertThat(steps.calls).containsExactly("stopAccepting", "closeIdleConnections", "closeTheRest");
    }

    @Test
    void aSecondCallerWaitsForTheFirstToFinish() throws Exception {
        CountDownLatch inTheMiddle = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Recorder steps = new Recorder() {
            @Override
            public void closeTheRest(Duration left) {
                inTheMiddle.countDown();
                try {
                    finish.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                calls.add("closeTheRest");
            }
        };
        GracefulStop stop = stopWith(steps);
        Thread first = Thread.ofPlatform().start(() -> stop.stop(Duration.ofSeconds(5)));
        assertThat(inTheMiddle.await(5, TimeUnit.SECONDS)).isTrue();
        Thread second = Thread.ofPlatform().start(() -> {
            stop.stop(Duration.ofSeconds(5));
            steps.calls.add("second returned");
        });
        awaitParked(second);
        assertThat(second.isAlive()).as("the second caller waits").isTrue();
        finish.countDown();
        first.join(5000);
        second.join(5000);
        assertThat(steps.calls).containsExactly(
                "stopAccepting draining=true", "closeIdleConnections", "closeTheRest", "second returned");
    }

    /** Waits until {@code t} is parked (it reached its wait), for 5 s at most. */
    private static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) throw new AssertionError(t + " never waited: " + t.getState());
            Thread.onSpinWait();
        }
    }

    @Test
    void onAnEventLoopItOnlyStartsTheStop() throws Exception {
        Recorder steps = new Recorder();
        GracefulStop stop = stopWith(steps);
        CountDownLatch stopStarted = new CountDownLatch(1);
        List<Thread> stoppedOn = new CopyOnWriteArrayList<>();
        steps.duringIdleClose = () -> {
            stoppedOn.add(Thread.currentThread());
            stopStarted.countDown();
        };
        Thread loop = new LoopThread(() -> stop.stop(Duration.ofSeconds(5)));
        loop.start();
        loop.join(5000);
        assertThat(stopStarted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stoppedOn).hasSize(1).noneMatch(t -> t == loop);
        assertThat(stoppedOn.getFirst().getName()).isEqualTo("duet-test-stop");
    }

    private static final class LoopThread extends Thread implements EventLoopThread {
        LoopThread(Runnable r) {
            super(r, "a-loop");
        }
    }
}
