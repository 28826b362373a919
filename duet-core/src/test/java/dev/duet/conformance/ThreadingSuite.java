package dev.duet.conformance;

import ch.qos.logback.classic.Level;
import dev.duet.App;
import dev.duet.HttpError;
import dev.duet.Response;
import dev.duet.spi.EventLoopThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where each link of a chain runs. The rules (see {@code Call}): an async link runs on the thread
 * the chain is on; a blocking link runs inline if the chain is on the request's own virtual thread,
 * otherwise the chain hops to a new virtual thread and stays there. So an all-async chain never
 * leaves the event loop, an all-blocking chain hops once, a mixed chain hops where the kind
 * changes, and blocking code never runs on an event loop.
 */
public abstract class ThreadingSuite extends ConformanceSuite {

    protected ThreadingSuite(Harness harness) {
        super(harness);
    }

    /** Where one link ran. */
    public record Link(String name, boolean eventLoop, boolean virtual, Thread thread) {
        static Link here(String name) {
            Thread t = Thread.currentThread();
            return new Link(name, EventLoopThread.isCurrent(), t.isVirtual(), t);
        }

        @Override
        public String toString() {
            return name + "@" + (eventLoop ? "loop" : virtual ? "virtual" : "platform") + "(" + thread + ")";
        }
    }

    /** The links of one request, in the order they ran. */
    public static final class Trace {
        private final List<Link> links = new CopyOnWriteArrayList<>();

        void at(String name) {
            links.add(Link.here(name));
        }

        public Link get(String name) {
            return links.stream().filter(l -> l.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("link " + name + " did not run; ran: " + links));
        }

        public List<Link> links() {
            return List.copyOf(links);
        }

        /** The distinct virtual threads the request used: its hops. */
        public long hops() {
            return links.stream().filter(Link::virtual).map(Link::thread).distinct().count();
        }

        void clear() {
            links.clear();
        }

        @Override
        public String toString() {
            return links.toString();
        }
    }

    public enum Kind { BLOCKING, ASYNC }

    /** An app with one route whose middleware, before hook, handler and after hook have the given kinds. */
    static App chain(Kind middleware, Kind before, Kind handler, Kind after, Trace trace) {
        App app = newApp();
        if (middleware == Kind.BLOCKING) {
            app.use((req, next) -> {
                trace.at("middleware");
                return next.proceed();
            });
        } else {
            app.useAsync((req, next) -> {
                trace.at("middleware");
                return next.proceed();
            });
        }
        if (before == Kind.BLOCKING) {
            app.before(req -> trace.at("before"));
        } else {
            app.beforeAsync(req -> {
                trace.at("before");
                return CompletableFuture.completedFuture(null);
            });
        }
        if (handler == Kind.BLOCKING) {
            app.get("/chain", req -> {
                trace.at("handler");
                return "ok";
            });
        } else {
            app.getAsync("/chain", req -> {
                trace.at("handler");
                return CompletableFuture.completedFuture("ok");
            });
        }
        if (after == Kind.BLOCKING) {
            app.after((req, res) -> trace.at("after"));
        } else {
            app.afterAsync((req, res) -> {
                trace.at("after");
                return CompletableFuture.completedFuture(null);
            });
        }
        return app;
    }

    private static Trace send(Harness.Client client, String uri, Trace trace) {
        trace.clear();
        ClientResponse res = client.get(uri);
        assertThat(res.status()).as("%s: %s", uri, res).isBetween(200, 299);
        return trace;
    }

    @Test
    void blockingHandlerRunsOnAVirtualThread() {
        Trace trace = new Trace();
        App app = newApp();
        app.get("/b", req -> {
            trace.at("handler");
            return "ok";
        });
        var client = serve(app);

        Link handler = send(client, "/b", trace).get("handler");
        assertThat(handler.eventLoop()).isFalse();
        if (harness.threading() == Harness.Threading.EVENT_LOOP) assertThat(handler.virtual()).isTrue();
    }

    @Test
    void asyncHandlerRunsOnTheEventLoop() {
        assumeEventLoop();
        Trace trace = new Trace();
        App app = newApp();
        app.getAsync("/a", req -> {
            trace.at("handler");
            return CompletableFuture.completedFuture("ok");
        });
        var client = serve(app);

        Link handler = send(client, "/a", trace).get("handler");
        assertThat(handler.eventLoop()).isTrue();
        assertThat(handler.virtual()).isFalse();
    }

    @Test
    void allAsyncChainNeverLeavesTheEventLoop() {
        assumeEventLoop();
        Trace trace = new Trace();
        var client = serve(chain(Kind.ASYNC, Kind.ASYNC, Kind.ASYNC, Kind.ASYNC, trace));

        send(client, "/chain", trace);
        assertThat(trace.links()).extracting(Link::name).containsExactly("middleware", "before", "handler", "after");
        assertThat(trace.links()).allMatch(Link::eventLoop, "on the event loop");
        assertThat(trace.links()).extracting(Link::thread).as("one thread, the loop's").containsOnly(trace.get("middleware").thread());
        assertThat(trace.hops()).isZero();
    }

    @Test
    void allBlockingChainRunsEntirelyOnOneVirtualThread() {
        Trace trace = new Trace();
        var client = serve(chain(Kind.BLOCKING, Kind.BLOCKING, Kind.BLOCKING, Kind.BLOCKING, trace));

        send(client, "/chain", trace);
        assertThat(trace.links()).extracting(Link::name).containsExactly("middleware", "before", "handler", "after");
        assertThat(trace.links()).noneMatch(Link::eventLoop);
        assertThat(trace.links()).extracting(Link::thread).as("one thread for all four links")
                .containsOnly(trace.get("middleware").thread());
        if (harness.threading() == Harness.Threading.EVENT_LOOP) {
            assertThat(trace.links()).allMatch(Link::virtual, "virtual");
            assertThat(trace.hops()).isEqualTo(1);
        }
    }

    @Test
    void blockingHandlerAndBlockingAfterHookShareTheirVirtualThreadEveryTime() {
        // No middleware: the handler's hop must carry the after hook too, however the threads race.
        Trace trace = new Trace();
        App app = newApp();
        app.before(req -> trace.at("before"));
        app.get("/b", req -> {
            trace.at("handler");
            return "ok";
        });
        app.after((req, res) -> trace.at("after"));
        var client = serve(app);

        for (int i = 0; i < 200; i++) {
            send(client, "/b", trace);
            assertThat(trace.links()).as("request %d: %s", i, trace).noneMatch(Link::eventLoop);
            assertThat(trace.links()).extracting(Link::thread).as("request %d: %s", i, trace)
                    .containsOnly(trace.get("before").thread());
        }
    }

    @Test
    void blockingTeardownHookStaysOnTheVirtualThreadOfAnAllBlockingChainEveryTime() {
        // The chain may finish on its virtual thread before the dispatching thread has attached
        // what follows; the teardown must still run there, not hop a second time.
        Trace trace = new Trace();
        App app = newApp();
        app.use((req, next) -> {
            trace.at("middleware");
            return next.proceed();
        });
        app.get("/b", req -> {
            trace.at("handler");
            return "ok";
        });
        app.teardown((req, error) -> trace.at("teardown"));
        var client = serve(app);

        for (int i = 0; i < 300; i++) {
            send(client, "/b", trace);
            awaitLink(trace, "teardown");
            assertThat(trace.links()).extracting(Link::thread).as("request %d: %s", i, trace)
                    .containsOnly(trace.get("middleware").thread());
        }
    }

    /** Teardown may finish a moment after the response is out; wait for it without sleeping blindly. */
    private static void awaitLink(Trace trace, String name) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (trace.links().stream().noneMatch(l -> l.name().equals(name))) {
            if (System.nanoTime() > deadline) throw new AssertionError(name + " did not run: " + trace);
            Thread.onSpinWait();
        }
    }

    @Test
    void asyncMiddlewareThenBlockingMiddlewareThenBlockingHandlerHopOnce() {
        assumeEventLoop();
        Trace trace = new Trace();
        App app = newApp();
        app.useAsync((req, next) -> {
            trace.at("async middleware");
            return next.proceed();
        });
        app.use((req, next) -> {
            trace.at("blocking middleware");
            return next.proceed();
        });
        app.get("/m", req -> {
            trace.at("handler");
            return "ok";
        });
        var client = serve(app);

        send(client, "/m", trace);
        assertThat(trace.get("async middleware").eventLoop()).isTrue();
        Link blocking = trace.get("blocking middleware");
        assertThat(blocking.virtual()).isTrue();
        assertThat(trace.get("handler").thread()).isSameAs(blocking.thread());
        assertThat(trace.hops()).isEqualTo(1);
    }

    @Test
    void asyncHandlerAfterBlockingMiddlewareRunsInlineOnTheSameVirtualThread() {
        assumeEventLoop();
        Trace trace = new Trace();
        App app = newApp();
        app.use((req, next) -> {
            trace.at("middleware");
            return next.proceed();
        });
        app.getAsync("/m", req -> {
            trace.at("handler");
            return CompletableFuture.completedFuture("ok");
        });
        var client = serve(app);

        send(client, "/m", trace);
        Link mw = trace.get("middleware");
        Link handler = trace.get("handler");
        assertThat(mw.virtual()).isTrue();
        assertThat(handler.thread()).as("no extra hop for the async handler").isSameAs(mw.thread());
        assertThat(trace.hops()).isEqualTo(1);
    }

    @Test
    void blockingMiddlewareWaitsForASlowAsyncHandlerOnItsOwnVirtualThread() {
        assumeEventLoop();
        Trace trace = new Trace();
        App app = newApp();
        app.use((req, next) -> {
            trace.at("middleware");
            Response res = next.proceed();
            trace.at("middleware after next");
            return res;
        });
        app.getAsync("/m", req -> {
            trace.at("handler");
            return req.tasks().delay(Duration.ofMillis(20)).thenApply(x -> "ok");
        });
        app.after((req, res) -> trace.at("after"));
        var client = serve(app);

        send(client, "/m", trace);
        Thread own = trace.get("middleware").thread();
        assertThat(trace.get("handler").thread()).isSameAs(own);
        assertThat(trace.get("after").thread()).as("the stage was awaited on the request's thread").isSameAs(own);
        assertThat(trace.get("middleware after next").thread()).isSameAs(own);
        assertThat(trace.hops()).isEqualTo(1);
    }

    @Test
    void blockingAfterHookFollowingAnAsyncHandlerThatCompletedElsewhereRunsOnAVirtualThread() {
        Trace trace = new Trace();
        App app = newApp();
        app.getAsync("/a", req -> {
            trace.at("handler");
            return req.tasks().delay(Duration.ofMillis(20)).thenApply(x -> {
                trace.at("stage completed");
                return "ok";
            });
        });
        app.after((req, res) -> trace.at("after"));
        var client = serve(app);

        send(client, "/a", trace);
        Link completed = trace.get("stage completed");
        Link after = trace.get("after");
        assertThat(after.eventLoop()).isFalse();
        assertThat(after.thread()).as("a blocking hook never runs on whatever thread completed the stage")
                .isNotSameAs(completed.thread());
        if (harness.threading() == Harness.Threading.EVENT_LOOP) assertThat(after.virtual()).isTrue();
    }

    @Test
    void asyncAfterHookFollowingAStageThatCompletedElsewhereNeedsNoThreadOfItsOwn() {
        assumeEventLoop();
        Trace trace = new Trace();
        App app = newApp();
        app.getAsync("/a", req -> req.tasks().delay(Duration.ofMillis(20)).thenApply(x -> {
            trace.at("stage completed");
            return "ok";
        }));
        app.afterAsync((req, res) -> {
            trace.at("after");
            return CompletableFuture.completedFuture(null);
        });
        var client = serve(app);

        send(client, "/a", trace);
        assertThat(trace.get("after").thread()).isSameAs(trace.get("stage completed").thread());
        assertThat(trace.hops()).isZero();
    }

    @Test
    void errorHandlersAndTeardownHooksRunWhereTheirKindBelongs() {
        assumeEventLoop();
        Trace trace = new Trace();
        App app = newApp();
        app.getAsync("/blocking-handlers", req -> CompletableFuture.failedFuture(new IllegalStateException("x")));
        app.getAsync("/async-handlers", req -> CompletableFuture.failedFuture(new HttpError(409, "x")));
        app.error(IllegalStateException.class, (req, e) -> {
            trace.at("blocking error handler");
            return Response.text("handled").status(500);
        });
        app.errorAsync(409, (req, e) -> {
            trace.at("async error handler");
            return CompletableFuture.completedFuture(Response.text("handled").status(409));
        });
        app.teardown((req, e) -> trace.at("blocking teardown"));
        app.teardownAsync((req, e) -> {
            trace.at("async teardown");
            return CompletableFuture.completedFuture(null);
        });
        var client = serve(app);

        trace.clear();
        assertThat(client.get("/blocking-handlers").status()).isEqualTo(500);
        assertThat(trace.get("blocking error handler").virtual()).isTrue();
        assertThat(trace.get("blocking teardown").virtual()).isTrue();
        assertThat(trace.get("async teardown").thread()).as("inline after the blocking teardown")
                .isSameAs(trace.get("blocking teardown").thread());

        trace.clear();
        assertThat(client.get("/async-handlers").status()).isEqualTo(409);
        assertThat(trace.get("async error handler").eventLoop()).isTrue();
        assertThat(trace.get("blocking teardown").virtual()).isTrue();
        assertThat(trace.hops()).as("only the blocking teardown needed a thread").isEqualTo(1);
    }

    static Stream<Kind[]> everyCombination() {
        List<Kind[]> all = new ArrayList<>();
        for (int bits = 0; bits < 16; bits++) {
            Kind[] kinds = new Kind[4];
            for (int i = 0; i < 4; i++) kinds[i] = (bits & (1 << (3 - i))) != 0 ? Kind.BLOCKING : Kind.ASYNC;
            all.add(kinds);
        }
        return all.stream();
    }

    /**
     * For every combination of kinds for middleware, before hook, handler and after hook: blocking
     * links never run on an event loop; on an event-loop core the links before the first blocking
     * one run on the loop, and from it on everything runs on one virtual thread (at most one hop).
     */
    @ParameterizedTest(name = "middleware={0}, before={1}, handler={2}, after={3}")
    @MethodSource("everyCombination")
    void everyCombinationOfKindsKeepsBlockingOffTheEventLoopAndHopsAtMostOnce(Kind mw, Kind before, Kind handler, Kind after) {
        Trace trace = new Trace();
        var client = serve(chain(mw, before, handler, after, trace));
        List<String> names = List.of("middleware", "before", "handler", "after");
        List<Kind> kinds = List.of(mw, before, handler, after);
        int firstBlocking = kinds.indexOf(Kind.BLOCKING);

        for (int round = 0; round < 20; round++) {
            send(client, "/chain", trace);
            String what = "round " + round + ": " + trace;
            assertThat(trace.links()).extracting(Link::name).as(what).containsExactlyElementsOf(names);
            for (int i = 0; i < 4; i++) {
                Link link = trace.get(names.get(i));
                if (kinds.get(i) == Kind.BLOCKING) assertThat(link.eventLoop()).as(what).isFalse();
            }
            if (harness.threading() != Harness.Threading.EVENT_LOOP) continue;
            for (int i = 0; i < 4; i++) {
                Link link = trace.get(names.get(i));
                if (firstBlocking < 0 || i < firstBlocking) {
                    assertThat(link.eventLoop()).as("%s runs on the loop; %s", link.name(), what).isTrue();
                } else {
                    assertThat(link.thread()).as("%s stays on the hop's thread; %s", link.name(), what)
                            .isSameAs(trace.get(names.get(firstBlocking)).thread());
                    assertThat(link.virtual()).as(what).isTrue();
                }
            }
            assertThat(trace.hops()).as(what).isEqualTo(firstBlocking < 0 ? 0 : 1);
        }
    }

    @Test
    void manyConcurrentBlockingRequestsEachGetTheirOwnVirtualThread() throws Exception {
        Trace trace = new Trace();
        java.util.concurrent.CountDownLatch allIn = new java.util.concurrent.CountDownLatch(20);
        App app = newApp();
        app.get("/b", req -> {
            trace.at("handler");
            allIn.countDown();
            // Every request waits for all: they can only all finish if they ran at once.
            if (!allIn.await(10, java.util.concurrent.TimeUnit.SECONDS)) throw new IllegalStateException("not concurrent");
            return "ok";
        });
        var client = serve(app);

        List<CompletableFuture<ClientResponse>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) all.add(client.sendAsync(ClientRequest.get("/b")));
        for (CompletableFuture<ClientResponse> f : all) assertThat(f.get(20, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(trace.links()).extracting(Link::thread).doesNotHaveDuplicates();
        assertThat(trace.links()).noneMatch(Link::eventLoop);
    }

    // ---- Request.closeWhenThreadLeaves ----

    /** A resource that records when, where and how often it was closed. */
    static final class Probe implements AutoCloseable {
        final String name;
        final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        final CompletableFuture<Void> closedStage = new CompletableFuture<>();
        final java.util.concurrent.atomic.AtomicInteger closes = new java.util.concurrent.atomic.AtomicInteger();
        volatile Thread closedOn;
        volatile boolean keptBy;
        volatile Thread keptOn;

        Probe(String name) {
            this.name = name;
        }

        /** Hands this probe to the request from the calling thread; records whether it was kept. */
        Probe keep(dev.duet.Request req) {
            keptOn = Thread.currentThread();
            keptBy = req.closeWhenThreadLeaves(this);
            return this;
        }

        boolean isClosed() {
            return closed.getCount() == 0;
        }

        /** Waits (bounded) for the close that may come a moment after the response is out. */
        boolean awaitClosed() throws InterruptedException {
            return closed.await(5, java.util.concurrent.TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            closedOn = Thread.currentThread();
            closes.incrementAndGet();
            closed.countDown();
            closedStage.complete(null);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void aResourceKeptByABlockingHandlerIsClosedOnceItsThreadHasFinishedWithTheRequest() throws Exception {
        List<Probe> probes = new CopyOnWriteArrayList<>();
        List<String> seenByTeardown = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.get("/keep", req -> {
            Probe first = new Probe("first").keep(req);
            Probe second = new Probe("second").keep(req);
            probes.add(first);
            probes.add(second);
            return "ok";
        });
        app.after((req, res) -> seenByTeardown.add("after: closed=" + probes.getFirst().isClosed()));
        app.teardown((req, error) -> {
            Probe p = probes.getFirst();
            seenByTeardown.add("teardown: same thread=" + (Thread.currentThread() == p.keptOn) + ", closed=" + p.isClosed());
        });
        var client = serve(app);

        assertThat(client.get("/keep").status()).isEqualTo(200);
        Probe first = probes.get(0);
        Probe second = probes.get(1);
        assertThat(first.keptBy).as("kept on the request's own thread").isTrue();
        assertThat(second.keptBy).isTrue();
        assertThat(first.awaitClosed()).as("closed when the handler's thread is done").isTrue();
        assertThat(second.awaitClosed()).isTrue();
        assertThat(first.closedOn).as("closed by the thread that kept it").isSameAs(first.keptOn);
        assertThat(first.closes.get() + second.closes.get()).as("each closed once").isEqualTo(2);
        awaitSize(seenByTeardown, 2);
        assertThat(seenByTeardown.getFirst()).isEqualTo("after: closed=false");
        // Teardown runs on the same thread here (an all-blocking chain), before the thread leaves.
        assertThat(seenByTeardown.get(1)).isEqualTo("teardown: same thread=true, closed=false");
    }

    @Test
    void resourcesAreClosedLastFirstAndAFailingCloseIsLoggedNotThrown() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        Probe last = new Probe("after the failure");
        App app = newApp();
        app.get("/keep", req -> {
            req.closeWhenThreadLeaves(last);
            req.closeWhenThreadLeaves(() -> {
                order.add("failing");
                throw new java.io.IOException("cannot close");
            });
            req.closeWhenThreadLeaves(() -> order.add("third"));
            return "ok";
        });
        var client = serve(app);

        try (LogCapture logs = LogCapture.of("dev.duet")) {
            ClientResponse res = client.get("/keep");
            assertThat(res.status()).isEqualTo(200);
            assertThat(last.awaitClosed()).as("still closed after another one failed").isTrue();
            assertThat(order).containsExactly("third", "failing");
            var logged = logs.await(e -> e.getFormattedMessage().contains("when its thread left the request failed"), Duration.ofSeconds(5));
            assertThat(logged.getLevel()).isEqualTo(Level.WARN);
            assertThat(logged.getThrowableProxy().getMessage()).isEqualTo("cannot close");
        }
    }

    @Test
    void aResourceIsClosedWhenTheHandlerThrows() throws Exception {
        List<Probe> probes = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.get("/throws", req -> {
            probes.add(new Probe("kept").keep(req));
            throw new IllegalStateException("handler failed");
        });
        var client = serve(app);

        try (LogCapture quiet = LogCapture.of("dev.duet.App")) {   // the failure is logged, as it should be
            assertThat(client.get("/throws").status()).isEqualTo(500);
        }
        Probe p = probes.getFirst();
        assertThat(p.keptBy).isTrue();
        assertThat(p.awaitClosed()).isTrue();
        assertThat(p.closes.get()).isEqualTo(1);
    }

    @Test
    void aResourceIsClosedWhenTheDeadlineCancelsTheHandlerAndTheErrorHandlersOwnToo() throws Exception {
        List<Probe> probes = new CopyOnWriteArrayList<>();
        App app = newApp(c -> c.requestTimeout(Duration.ofMillis(150)));
        app.get("/slow", req -> {
            probes.add(new Probe("handler's").keep(req));
            Thread.sleep(30_000);
            return "too late";
        });
        app.error(504, (req, e) -> {
            probes.add(new Probe("error handler's").keep(req));
            return Response.text("gave up").status(504);
        });
        var client = serve(app);

        assertThat(client.get("/slow").status()).isEqualTo(504);
        awaitSize(probes, 2);
        for (Probe p : probes) {
            assertThat(p.keptBy).as(p.name).isTrue();
            assertThat(p.awaitClosed()).as(p.name + " closed").isTrue();
            assertThat(p.closedOn).as(p.name + " closed by its own thread").isSameAs(p.keptOn);
        }
    }

    @Test
    void threadsThatAreNotTheRequestsOwnKeepNothing() throws Exception {
        List<Probe> probes = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch backgroundRan = new java.util.concurrent.CountDownLatch(1);
        App app = newApp();
        app.getAsync("/async", req -> {
            Probe onLoop = new Probe("async handler").keep(req);
            probes.add(onLoop);
            return req.tasks().offload(() -> probes.add(new Probe("offload task").keep(req)))
                    .thenApply(x -> "ok");
        });
        app.get("/background", req -> {
            req.tasks().background(() -> {
                probes.add(new Probe("background task").keep(req));
                backgroundRan.countDown();
            });
            return "ok";
        });
        var client = serve(app);

        assertThat(client.get("/async").status()).isEqualTo(200);
        assertThat(client.get("/background").status()).isEqualTo(200);
        assertThat(backgroundRan.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(probes).hasSize(3);
        List<Probe> refused = new ArrayList<>();
        for (Probe p : probes) {
            // On a servlet core an async handler runs on the container's thread, which is the request's own.
            if (p.name.equals("async handler") && harness.threading() == Harness.Threading.CONTAINER) continue;
            assertThat(p.keptBy).as(p.name + " on " + p.keptOn).isFalse();
            refused.add(p);
        }
        Thread.sleep(50);
        assertThat(refused).as("nothing Duet did not keep is closed by it").noneMatch(Probe::isClosed);
    }

    @Test
    void aMixedChainClosesTheFirstStretchsResourceWhenThatThreadLeaves() throws Exception {
        List<Probe> probes = new CopyOnWriteArrayList<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.before(req -> probes.add(new Probe("before hook's").keep(req)));
        app.getAsync("/mixed", req -> {
            // On an event-loop core the hop's thread runs on to the end, waiting on this stage
            // inline. A servlet core's container thread returns and lets go of the request
            // instead, once dispatch returns: wait for that (or, where it too waits inline, a moment).
            if (harness.threading() == Harness.Threading.EVENT_LOOP) return CompletableFuture.completedFuture("ok");
            return CompletableFuture.anyOf(probes.getFirst().closedStage,
                    req.tasks().delay(Duration.ofMillis(500))).thenApply(x -> "ok");
        });
        app.after((req, res) -> {
            Probe first = probes.getFirst();
            seen.add((Thread.currentThread() == first.keptOn ? "same thread" : "another thread") + ", first closed=" + first.isClosed());
            probes.add(new Probe("after hook's").keep(req));
        });
        var client = serve(app);

        for (int round = 0; round < 5; round++) {
            probes.clear();
            seen.clear();
            ClientResponse res = client.get("/mixed");
            assertThat(res.status()).isEqualTo(200);
            awaitSize(probes, 2);
            Probe first = probes.get(0);
            Probe after = probes.get(1);
            assertThat(first.keptBy).isTrue();
            assertThat(after.keptBy).isTrue();
            boolean twoStretches = harness.threading() == Harness.Threading.CONTAINER && !first.keptOn.isVirtual()
                    || seen.getFirst().startsWith("another");
            if (harness.threading() == Harness.Threading.CONTAINER && !first.keptOn.isVirtual()) {
                // A platform thread kept it: the container's own, which cannot wait for the stage.
                assertThat(seen.getFirst()).startsWith("another thread");
            }
            assertThat(seen).containsExactly(twoStretches
                    ? "another thread, first closed=true"    // the first stretch's closed as its thread left
                    : "same thread, first closed=false");    // one stretch: closed at its end
            assertThat(first.awaitClosed()).isTrue();
            assertThat(after.awaitClosed()).isTrue();
            assertThat(first.closedOn).isSameAs(first.keptOn);
            assertThat(after.closedOn).isSameAs(after.keptOn);
        }
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (list.size() < size) {
            if (System.nanoTime() > deadline) throw new AssertionError("expected " + size + " entries: " + list);
            Thread.sleep(1);
        }
    }

}
