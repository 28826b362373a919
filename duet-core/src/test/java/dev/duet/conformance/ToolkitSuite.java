package dev.duet.conformance;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.duet.App;
import dev.duet.Request;
import dev.duet.Response;
import dev.duet.Results;
import dev.duet.Shield;
import dev.duet.Task;
import dev.duet.spi.EventLoopThread;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The concurrency toolkit: offload, cpu, await, parallel/gather, delay, background tasks, deadlines, limits. */
public abstract class ToolkitSuite extends ConformanceSuite {

    protected ToolkitSuite(Harness harness) {
        super(harness);
    }

    /** A failure type of the test's own, to see it arrive unwrapped. */
    public static final class Boom extends RuntimeException {
        public Boom(String message) {
            super(message);
        }
    }

    /** Where the calling code runs and which request it sees. */
    static Map<String, Object> context() {
        Thread t = Thread.currentThread();
        return Map.of("thread", t.getName(), "virtual", t.isVirtual(), "eventLoop", EventLoopThread.isCurrent(),
                "current", Request.current().id(), "mdc", String.valueOf(MDC.get("requestId")));
    }

    private static boolean await(CountDownLatch latch) throws InterruptedException {
        return latch.await(10, TimeUnit.SECONDS);
    }

    /** A future that never completes on its own, and a latch counted down when it is cancelled. */
    private record NeverEnding(CompletableFuture<String> future, CountDownLatch cancelled) {
        NeverEnding() {
            this(new CompletableFuture<>(), new CountDownLatch(1));
            future.whenComplete((v, e) -> {
                if (e instanceof java.util.concurrent.CancellationException) cancelled.countDown();
            });
        }
    }

    @Test
    void offloadRunsOnAVirtualThreadWithTheRequestContext() {
        App app = newApp();
        app.getAsync("/offload", req -> req.tasks().offload(ToolkitSuite::context));
        var client = serve(app);

        ClientResponse res = client.get("/offload");
        String id = res.header("X-Request-Id");
        assertThat(res.jsonMap())
                .containsEntry("virtual", true)
                .containsEntry("eventLoop", false)
                .containsEntry("current", id)
                .containsEntry("mdc", id);
    }

    @Test
    void cpuRunsOnTheCpuPoolsPlatformThreadsWithTheRequestContext() {
        App app = newApp();
        app.getAsync("/cpu", req -> req.tasks().cpu(ToolkitSuite::context));
        app.get("/cpu-from-blocking", req -> req.tasks().await(req.tasks().cpu(ToolkitSuite::context)));
        var client = serve(app);

        for (String uri : List.of("/cpu", "/cpu-from-blocking")) {
            ClientResponse res = client.get(uri);
            assertThat(res.jsonMap()).as(uri)
                    .containsEntry("virtual", false)
                    .containsEntry("eventLoop", false)
                    .containsEntry("current", res.header("X-Request-Id"))
                    .containsEntry("mdc", res.header("X-Request-Id"));
            assertThat(res.jsonMap().get("thread").toString()).as(uri).startsWith("duet-cpu-");
        }
    }

    @Test
    void cpuPoolWithAFullQueueAnswers503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        App app = newApp(c -> c.cpuThreads(1).cpuQueue(1));
        app.getAsync("/crunch", req -> req.tasks().cpu(() -> {
            if (!await(release)) throw new IllegalStateException("never released");
            return "crunched";
        }));
        var client = serve(app);

        try {
            List<CompletableFuture<ClientResponse>> flood = new ArrayList<>();
            for (int i = 0; i < 3; i++) flood.add(client.sendAsync(ClientRequest.get("/crunch")));
            // One thread busy, one task queued: the third is refused at once, while the others wait.
            ClientResponse refused = (ClientResponse) CompletableFuture.anyOf(flood.toArray(CompletableFuture[]::new))
                    .get(10, TimeUnit.SECONDS);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotBlank();
            release.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (var f : flood) statuses.add(f.get(10, TimeUnit.SECONDS).status());
            assertThat(statuses).containsExactlyInAnyOrder(200, 200, 503);
        } finally {
            release.countDown();
        }
    }

    @Test
    void awaitRethrowsTheOriginalExceptionUnwrapped() {
        App app = newApp();
        app.get("/checked", req -> {
            try {
                req.tasks().await(req.tasks().offload(() -> {
                    throw new IOException("disk full");
                }));
                return "no exception";
            } catch (Exception e) {
                return e.getClass().getName() + ": " + e.getMessage();
            }
        });
        app.get("/unchecked", req -> {
            try {
                req.tasks().await(CompletableFuture.supplyAsync(() -> {
                    throw new Boom("wrapped by supplyAsync");
                }));
                return "no exception";
            } catch (Boom e) {
                return "Boom: " + e.getMessage();
            }
        });
        var client = serve(app);

        assertThat(client.get("/checked").text()).isEqualTo("java.io.IOException: disk full");
        assertThat(client.get("/unchecked").text()).isEqualTo("Boom: wrapped by supplyAsync");
    }

    @Test
    void awaitRefusesToBlockAnEventLoop() {
        assumeEventLoop();
        App app = newApp();
        app.getAsync("/await", req -> {
            try {
                req.tasks().await(req.tasks().delay(Duration.ofMillis(10)));
                return CompletableFuture.completedFuture("it blocked the loop");
            } catch (IllegalStateException e) {
                return CompletableFuture.completedFuture("refused: " + e.getMessage());
            }
        });
        var client = serve(app);

        assertThat(client.get("/await").text()).startsWith("refused: ").contains("would block the event loop");
    }

    @Test
    void awaitIsBoundedByTheRequestDeadline() {
        App app = newApp();
        app.get("/forever", req -> req.tasks().await(new CompletableFuture<String>())).timeout(Duration.ofMillis(150));
        var client = serve(app);

        assertThat(client.get("/forever").status()).isEqualTo(504);
    }

    @Test
    void parallelReturnsResultsInTheTasksOrder() {
        App app = newApp();
        app.get("/p", req -> req.tasks().parallel(List.of(
                Task.blocking(() -> {
                    Thread.sleep(60);
                    return "a";
                }),
                Task.async(() -> req.tasks().delay(Duration.ofMillis(5)).thenApply(x -> "b")),
                Task.blocking(() -> "c"),
                Task.async(() -> CompletableFuture.completedFuture("d")))));
        var client = serve(app);

        assertThat(client.get("/p").json()).isEqualTo(List.of("a", "b", "c", "d"));
    }

    @Test
    void parallelGivesTwoToFourTasksOfDifferentTypesEachItsOwnType() {
        App app = newApp();
        app.get("/typed", req -> {
            Results.Two<Integer, String> two = req.tasks().parallel(
                    Task.blocking(() -> 1), Task.async(() -> CompletableFuture.completedFuture("two")));
            Results.Three<Integer, String, Boolean> three = req.tasks().parallel(
                    Task.blocking(() -> 2), Task.blocking(() -> "three"), Task.blocking(() -> Thread.currentThread().isVirtual()));
            Results.Four<Integer, String, Boolean, List<String>> four = req.tasks().parallel(
                    Task.async(() -> req.tasks().delay(Duration.ofMillis(20)).thenApply(x -> 3)), Task.blocking(() -> "four"),
                    Task.blocking(() -> false), Task.blocking(() -> List.of("x", "y")));
            // No casts: each result is read under its own type, in the order of its task.
            return List.of(two.first() + three.first() + four.first(), two.second() + three.second() + four.second(),
                    three.third() && !four.third(), four.fourth().size());
        });
        var client = serve(app);

        assertThat(client.get("/typed").json()).isEqualTo(List.of(6, "twothreefour", true, 2));
    }

    @Test
    void gatherFromAnAsyncHandlerCompletesWithResultsInOrder() {
        App app = newApp();
        app.getAsync("/g", req -> req.tasks().gather(List.of(
                Task.async(() -> req.tasks().delay(Duration.ofMillis(30)).thenApply(x -> 1)),
                Task.blocking(() -> 2),
                Task.blocking(() -> Thread.currentThread().isVirtual() ? 3 : -3))));
        app.getAsync("/typed", req -> req.tasks().gather(
                        Task.async(() -> req.tasks().delay(Duration.ofMillis(30)).thenApply(x -> 1)),
                        Task.blocking(() -> "two"),
                        Task.blocking(() -> Thread.currentThread().isVirtual()))
                .thenApply(r -> List.of(r.first() + 1, r.second().toUpperCase(java.util.Locale.ROOT), r.third())));
        var client = serve(app);

        assertThat(client.get("/g").json()).isEqualTo(List.of(1, 2, 3));
        assertThat(client.get("/typed").json()).isEqualTo(List.of(2, "TWO", true));
    }

    @Test
    void hundredBlockingSleepsRunInParallel() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        App app = newApp();
        app.get("/sleepers", req -> {
            long start = System.nanoTime();
            List<Task<Integer>> tasks = IntStream.range(0, 100).mapToObj(i -> Task.blocking(() -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(200);
                } finally {
                    running.decrementAndGet();
                }
                return i;
            })).toList();
            List<Integer> results = req.tasks().parallel(tasks);
            return Map.of("results", results, "millis", (System.nanoTime() - start) / 1_000_000);
        });
        var client = serve(app);

        Map<String, Object> res = client.get("/sleepers").jsonMap();
        assertThat(res.get("results")).isEqualTo(IntStream.range(0, 100).boxed().toList());
        assertThat(((Number) res.get("millis")).longValue()).as("100 x 200 ms in sequence would be 20 s").isLessThan(5_000);
        assertThat(peak.get()).as("sleepers at once").isGreaterThan(10);
    }

    @Test
    void parallelFailsFastWithTheFirstFailureAndInterruptsTheRest() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch slowInterrupted = new CountDownLatch(1);
        NeverEnding neverEnding = new NeverEnding();
        App app = newApp();
        app.get("/ff", req -> {
            try {
                req.tasks().parallel(
                        Task.blocking(() -> {
                            slowStarted.countDown();
                            try {
                                Thread.sleep(30_000);
                            } catch (InterruptedException e) {
                                slowInterrupted.countDown();
                                throw e;
                            }
                            return "slow";
                        }),
                        Task.async(neverEnding::future),
                        Task.blocking(() -> {
                            if (!await(slowStarted)) throw new IllegalStateException("slow task never started");
                            throw new Boom("first failure");
                        }));
                return "no failure";
            } catch (Boom e) {
                return "caught " + e.getMessage();
            }
        });
        var client = serve(app);

        assertThat(client.get("/ff").text()).isEqualTo("caught first failure");
        assertThat(slowInterrupted.await(10, TimeUnit.SECONDS)).as("the sleeping task was interrupted").isTrue();
        assertThat(await(neverEnding.cancelled())).as("the async task was cancelled").isTrue();
    }

    @Test
    void gatherFailsFastToo() throws Exception {
        NeverEnding neverEnding = new NeverEnding();
        App app = newApp();
        app.getAsync("/ff", req -> req.tasks().gather(
                        Task.async(neverEnding::future),
                        Task.async(() -> req.tasks().delay(Duration.ofMillis(10)).thenApply(x -> {
                            throw new Boom("late failure");
                        })))
                .handle((v, e) -> e == null ? "no failure" : "failed with " + e.getClass().getSimpleName()));
        var client = serve(app);

        assertThat(client.get("/ff").text()).isEqualTo("failed with Boom");
        assertThat(await(neverEnding.cancelled())).as("the other task was cancelled").isTrue();
    }

    @Test
    void delayCompletesLaterWithoutBlocking() {
        App app = newApp();
        app.getAsync("/late", req -> {
            long start = System.nanoTime();
            return req.tasks().delay(Duration.ofMillis(50)).thenApply(x -> (System.nanoTime() - start) / 1_000_000);
        });
        var client = serve(app);

        assertThat(Long.parseLong(client.get("/late").text())).as("never early").isGreaterThanOrEqualTo(50);
    }

    @Test
    void backgroundTaskStartsOnlyAfterTheResponseIsSent() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean teardownDone = new AtomicBoolean();
        AtomicBoolean sawTeardownDone = new AtomicBoolean();
        App app = newApp();
        app.post("/signup", req -> {
            req.tasks().background(() -> {
                sawTeardownDone.set(teardownDone.get());
                started.countDown();
            });
            // A task started now would count down long before this wait ends.
            boolean early = started.await(200, TimeUnit.MILLISECONDS);
            return Response.status(202, "queued, started early: " + early);
        });
        app.teardown((req, e) -> teardownDone.set(true));
        var client = serve(app);

        ClientResponse res = client.send(ClientRequest.post("/signup"));
        assertThat(res.status()).isEqualTo(202);
        assertThat(res.text()).isEqualTo("queued, started early: false");
        assertThat(await(started)).isTrue();
        assertThat(sawTeardownDone).as("the request was over when the task started").isTrue();
    }

    @Test
    void backgroundFailureIsLoggedWithTheRequestId() throws Exception {
        App app = newApp();
        app.post("/signup", req -> {
            req.tasks().background(() -> {
                throw new IllegalStateException("mail server down");
            });
            return Response.status(202, "queued");
        });
        var client = serve(app);

        try (LogCapture log = LogCapture.of("dev.duet.tasks")) {
            ClientResponse res = client.send(ClientRequest.post("/signup"));
            assertThat(res.status()).isEqualTo(202);
            String id = res.header("X-Request-Id");
            ILoggingEvent event = log.await(e -> e.getThrowableProxy() != null
                    && "mail server down".equals(e.getThrowableProxy().getMessage()), Duration.ofSeconds(10));
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).contains(id);
            assertThat(event.getMDCPropertyMap()).containsEntry("requestId", id);
        }
    }

    @Test
    void backgroundTasksPastTheLimitAre503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        App app = newApp(c -> c.backgroundLimit(1));
        app.post("/job", req -> {
            req.tasks().background(() -> await(release));
            return Response.status(202, "queued");
        });
        var client = serve(app);

        try {
            assertThat(client.send(ClientRequest.post("/job")).status()).isEqualTo(202);
            ClientResponse refused = client.send(ClientRequest.post("/job"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotBlank();
        } finally {
            release.countDown();
        }
    }

    @Test
    void stoppingTheAppDrainsRunningBackgroundTasks() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        App app = newApp();
        app.post("/job", req -> {
            req.tasks().background(() -> {
                started.countDown();
                Thread.sleep(300);
                finished.set(true);
            });
            return Response.status(202, "queued");
        });
        var client = serve(app);

        assertThat(client.send(ClientRequest.post("/job")).status()).isEqualTo(202);
        assertThat(await(started)).isTrue();
        client.close();
        assertThat(finished).as("stop waited for the running task").isTrue();
    }

    @Test
    void routeTimeoutAnswers504AndInterruptsTheBlockingHandler() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        App app = newApp();
        app.get("/slow", req -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return "finished";
        }).timeout(Duration.ofMillis(150));
        app.get("/fast", req -> "fast").timeout(Duration.ofMillis(150));
        var client = serve(app);

        ClientResponse res = client.send(ClientRequest.get("/slow").accept("application/json"));
        assertThat(res.status()).isEqualTo(504);
        assertThat(res.jsonMap().get("error").toString()).contains("150 ms");
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the sleep was interrupted").isTrue();
        assertThat(client.get("/fast").text()).isEqualTo("fast");
    }

    @Test
    void appRequestTimeoutAppliesToEveryKindOfRoute() {
        App app = newApp(c -> c.requestTimeout(Duration.ofMillis(150)));
        app.get("/blocking", req -> {
            Thread.sleep(30_000);
            return "finished";
        });
        app.getAsync("/async", req -> new CompletableFuture<String>());
        app.getAsync("/delay", req -> req.tasks().delay(Duration.ofSeconds(30)).thenApply(x -> "finished"));
        var client = serve(app);

        assertThat(client.get("/blocking").status()).isEqualTo(504);
        assertThat(client.get("/async").status()).isEqualTo(504);
        assertThat(client.get("/delay").status()).isEqualTo(504);
    }

    @Test
    void onCancelRunsItsHookWhenTheRequestIsCancelledBeforeTheStageCompletesAndNeverAfter() throws Exception {
        CompletableFuture<String> cancelledOn = new CompletableFuture<>();
        AtomicInteger hooksOfFinishedWork = new AtomicInteger();
        App app = newApp(c -> c.requestTimeout(Duration.ZERO));
        app.getAsync("/stuck", req -> {
            CompletableFuture<String> work = new CompletableFuture<>();   // stands for a client's query that never answers
            req.tasks().onCancel(work, () -> {
                cancelledOn.complete(Thread.currentThread().getName());
                work.completeExceptionally(new CancellationException("stopped by its hook"));
            });
            return work;
        }).timeout(Duration.ofMillis(300));
        app.getAsync("/doneThenCancelled", req -> {
            CompletableFuture<String> work = new CompletableFuture<>();
            req.tasks().onCancel(work, hooksOfFinishedWork::incrementAndGet);
            work.complete("done");
            // the request goes on waiting, and is cancelled by its deadline after its work is done
            return req.tasks().delay(Duration.ofSeconds(30)).thenCompose(x -> work);
        }).timeout(Duration.ofMillis(300));
        var client = serve(app);

        assertThat(client.get("/stuck").status()).isEqualTo(504);
        assertThat(cancelledOn.get(5, TimeUnit.SECONDS)).isNotBlank();
        assertThat(client.get("/doneThenCancelled").status()).isEqualTo(504);
        assertThat(hooksOfFinishedWork).hasValue(0);
    }

    @Test
    void onCancelOutsideARequestDoesNothing() {
        CompletableFuture<String> work = new CompletableFuture<>();
        App app = newApp();
        AtomicInteger ran = new AtomicInteger();
        app.tasks().onCancel(work, ran::incrementAndGet);
        work.complete("x");
        assertThat(ran).hasValue(0);
    }

    @Test
    void remainingTellsTheTimeLeftBeforeTheDeadline() {
        App app = newApp(c -> c.requestTimeout(Duration.ZERO));
        app.get("/bounded", req -> String.valueOf(req.tasks().remaining().toMillis())).timeout(Duration.ofSeconds(5));
        app.get("/unbounded", req -> String.valueOf(req.tasks().remaining()));
        var client = serve(app);

        assertThat(Long.parseLong(client.get("/bounded").text())).isBetween(1L, 5_000L);
        assertThat(client.get("/unbounded").text()).isEqualTo("null");
    }

    @Test
    void requestsPastTheInFlightLimitAre503WithRetryAfter() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        App app = newApp(c -> c.maxInFlight(1));
        app.get("/hold", req -> {
            entered.countDown();
            return await(release) ? "held" : "never released";
        });
        app.get("/quick", req -> "quick");
        var client = serve(app);

        try {
            CompletableFuture<ClientResponse> held = client.sendAsync(ClientRequest.get("/hold"));
            assertThat(await(entered)).isTrue();
            ClientResponse refused = client.get("/quick");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotBlank();
            release.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS).text()).isEqualTo("held");
            assertThat(app.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(client.get("/quick").text()).isEqualTo("quick");
        } finally {
            release.countDown();
        }
    }

    @Test
    void deadlineCancelsTheRequestsToolkitTasks() throws Exception {
        CountDownLatch parallelInterrupted = new CountDownLatch(1);
        CountDownLatch offloadInterrupted = new CountDownLatch(1);
        App app = newApp();
        app.get("/fanout", req -> req.tasks().parallel(List.of(Task.blocking(() -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                parallelInterrupted.countDown();
                throw e;
            }
            return "finished";
        })))).timeout(Duration.ofMillis(150));
        app.getAsync("/offload", req -> req.tasks().offload(() -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                offloadInterrupted.countDown();
                throw e;
            }
            return "finished";
        })).timeout(Duration.ofMillis(150));
        var client = serve(app);

        assertThat(client.get("/fanout").status()).isEqualTo(504);
        assertThat(await(parallelInterrupted)).as("the parallel task was interrupted").isTrue();
        assertThat(client.get("/offload").status()).isEqualTo(504);
        assertThat(await(offloadInterrupted)).as("the offloaded task was interrupted").isTrue();
    }

    // ---- shields: cancellation calls a hook instead of interrupting, and interrupts after ----

    /**
     * Stands for I/O that an interrupt would break: waits (interruptibly, so an interrupt that got
     * through shows) for the stretch's hook to have run, then lets the hook finish before closing.
     * Records what it saw in {@code seen}.
     */
    private static String shieldedWork(List<String> seen) throws InterruptedException {
        CountDownLatch hookStarted = new CountDownLatch(1);
        try (Shield shield = Shield.raise(() -> {
            Thread t = Thread.currentThread();
            seen.add("hook: virtual=" + t.isVirtual() + ", event loop=" + EventLoopThread.isCurrent()
                    + ", request=" + (Request.currentOrNull() != null));
            hookStarted.countDown();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                seen.add("hook interrupted");
            }
            seen.add("hook finished");
        })) {
            seen.add("cancelled at start=" + shield.cancelled());
            try {
                boolean ran = hookStarted.await(10, TimeUnit.SECONDS);
                seen.add("inside: hook started=" + ran + ", cancelled=" + shield.cancelled()
                        + ", interrupted=" + Thread.currentThread().isInterrupted());
            } catch (InterruptedException e) {
                seen.add("interrupted inside the stretch");
            }
        }
        seen.add("after close: interrupted=" + Thread.currentThread().isInterrupted());
        return "done";
    }

    private static final List<String> SHIELDED_WORK_SAW = List.of(
            "cancelled at start=false",
            "hook: virtual=true, event loop=false, request=true",
            "inside: hook started=true, cancelled=true, interrupted=false",
            "hook finished",
            "after close: interrupted=true");

    private static void awaitEntries(List<String> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < size && System.nanoTime() < deadline) Thread.sleep(5);
    }

    @Test
    void aShieldedStretchIsNotInterruptedByTheDeadlineItsHookRunsAndTheInterruptComesAtItsEnd() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Boolean> startedInterrupted = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.get("/shielded", req -> shieldedWork(seen)).timeout(Duration.ofMillis(150));
        app.get("/fresh", req -> {
            startedInterrupted.add(Thread.currentThread().isInterrupted());
            return "fresh";
        });
        var client = serve(app);

        long start = System.nanoTime();
        assertThat(client.get("/shielded").status()).isEqualTo(504);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered at the deadline, not when the work ends")
                .isLessThan(Duration.ofSeconds(5));
        awaitEntries(seen, SHIELDED_WORK_SAW.size());
        assertThat(seen).containsExactlyElementsOf(SHIELDED_WORK_SAW);
        // A servlet container's thread that ran the stretch goes back to its pool: without the interrupt.
        for (int i = 0; i < 20; i++) assertThat(client.get("/fresh").text()).isEqualTo("fresh");
        assertThat(startedInterrupted).containsOnly(false);
    }

    @Test
    void aStretchStartedAfterTheCancellationHoldsItsInterruptBackAndCallsNoHook() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.get("/late", req -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();   // the cancellation, still pending
            }
            try (Shield shield = Shield.raise(() -> seen.add("hook"))) {
                seen.add("cancelled at start=" + shield.cancelled() + ", interrupted inside=" + Thread.currentThread().isInterrupted());
            }
            seen.add("after close: interrupted=" + Thread.currentThread().isInterrupted());
            return "done";
        }).timeout(Duration.ofMillis(150));
        var client = serve(app);

        assertThat(client.get("/late").status()).isEqualTo(504);
        awaitEntries(seen, 2);
        Thread.sleep(50);
        assertThat(seen).containsExactly("cancelled at start=true, interrupted inside=false", "after close: interrupted=true");
    }

    @Test
    void shieldsWorkOnToolkitTaskThreads() throws Exception {
        List<String> inParallel = new CopyOnWriteArrayList<>();
        List<String> inOffload = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.get("/parallel", req -> req.tasks().parallel(List.of(Task.blocking(() -> shieldedWork(inParallel)))))
                .timeout(Duration.ofMillis(150));
        app.getAsync("/offload", req -> req.tasks().offload(() -> shieldedWork(inOffload)))
                .timeout(Duration.ofMillis(150));
        var client = serve(app);

        assertThat(client.get("/parallel").status()).isEqualTo(504);
        assertThat(client.get("/offload").status()).isEqualTo(504);
        awaitEntries(inParallel, SHIELDED_WORK_SAW.size());
        awaitEntries(inOffload, SHIELDED_WORK_SAW.size());
        assertThat(inParallel).containsExactlyElementsOf(SHIELDED_WORK_SAW);
        assertThat(inOffload).containsExactlyElementsOf(SHIELDED_WORK_SAW);
    }

    @Test
    void aFailedSiblingCancelsAShieldedTaskThroughItsHook() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.get("/fanout", req -> req.tasks().parallel(
                Task.blocking(() -> shieldedWork(seen)),
                Task.blocking(() -> {
                    Thread.sleep(100);
                    throw new Boom("sibling failed");
                })));
        app.error(Boom.class, (req, e) -> Response.text(e.getMessage()).status(500));
        var client = serve(app);

        try (LogCapture quiet = LogCapture.of("dev.duet.App")) {
            assertThat(client.get("/fanout").text()).isEqualTo("sibling failed");
        }
        awaitEntries(seen, SHIELDED_WORK_SAW.size());
        assertThat(seen).containsExactlyElementsOf(SHIELDED_WORK_SAW);
    }
}
