package dev.duet;

import dev.duet.internal.HeaderList;
import dev.duet.spi.Compressor;
import dev.duet.spi.EventLoopThread;
import dev.duet.spi.Exchange;
import dev.duet.spi.RawRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One request's life, as its core sees it ({@link Exchange}): its chain runs ({@link ChainRunner}),
 * it may be cancelled ({@link Cancellation}) while its own thread works ({@link OwnThread}), a
 * response is chosen and the teardown hooks run, once, whichever way it ended; the core writes the
 * response, and background tasks start. Where it is in that life is one {@link State}, moved
 * forward by compare-and-set.
 */
final class Call implements Exchange {
    private static final Logger log = LoggerFactory.getLogger(Call.class);

    /** Where a request is in its life. It only moves forward. */
    enum State {
        /** Its chain runs (perhaps cancelled: then whoever cancelled it answers). */
        RUNNING,
        /** Its response is chosen; the teardown hooks run. */
        CONCLUDING,
        /** The response is handed to the core to write. */
        ANSWERED,
        /** The core wrote it, or the client went away: no longer in flight; background tasks start. */
        ENDED
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Call.class, "state", State.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final App app;
    private final Pipeline pipeline;
    private final Request req;
    private final Thread containerThread;
    /** What routing decided for a request no route serves: a 404/405 HttpError, or the automatic OPTIONS answer. */
    private final Object routingOutcome;
    private final OwnThread own = new OwnThread(this);
    private final Cancellation cancellation;
    private final ChainRunner runner;
    private final Chain chain;
    private final CompletableFuture<Response> result = new CompletableFuture<>();
    @SuppressWarnings("unused") // through STATE
    private volatile State state = State.RUNNING;
    private List<Runnable> pendingBackground;

    Call(App app, Pipeline pipeline, RawRequest raw, HttpMethod method, String id, Chain chain, Thread containerThread,
         Object routingOutcome) {
        this.app = app;
        this.pipeline = pipeline;
        this.req = new Request(app, raw, method, id, this);
        this.containerThread = containerThread;
        this.routingOutcome = routingOutcome;
        this.chain = chain;
        this.cancellation = new Cancellation(chain.timeoutNanos());
        this.runner = new ChainRunner(this, chain);
    }

    /** A call answered at once with {@code outcome} (a Response or an HttpError), running no chain. */
    static Call answered(App app, RawRequest raw, HttpMethod method, String id, Object outcome) {
        Call call = new Call(app, null, raw, method, id, Pipeline.NONE, null, null);
        Response res = outcome instanceof HttpError e ? app.answers().defaultError(call.req, e) : (Response) outcome;
        call.state = State.CONCLUDING;
        call.complete(res);
        return call;
    }

    Request req() {
        return req;
    }

    App app() {
        return app;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    Answers answers() {
        return app.answers();
    }

    OwnThread own() {
        return own;
    }

    Cancellation cancellation() {
        return cancellation;
    }

    /** The CORS rules of this request's route, or null (the WebSocket origin check trusts the origins they name). */
    Cors chainCors() {
        return chain == null ? null : chain.cors();
    }

    Object routingOutcome() {
        return routingOutcome;
    }

    boolean onContainerThread() {
        return containerThread != null && containerThread == Thread.currentThread();
    }

    // ---- the exchange, as a core sees it ----

    @Override
    public Request request() {
        return req;
    }

    @Override
    public CompletionStage<Response> response() {
        return result;
    }

    @Override
    public void sent() {
        end();
    }

    @Override
    public void abort() {
        // Only a running chain is cancelled: once a response is chosen, the teardown hooks run to
        // their end (they are not cancellable), and the request stays in flight until they have.
        if (state == State.RUNNING) {
            CancellationException reason = new CancellationException("the client closed the connection");
            log.debug("The client of {} went away before its response; cancelling its work", req);
            cancellation.cancel(reason, own);
            bound(() -> {
                conclude(new Response().status(499).cause(reason));
                return null;
            });
        }
        result.whenComplete((res, error) -> end());
    }

    private void end() {
        State s;
        do {
            s = state;
            if (s == State.ENDED) return;
        } while (!STATE.compareAndSet(this, s, State.ENDED));
        app.exchangeEnded();
        if (req.raw().multipart() != null) req.raw().multipart().delete(); // the uploads' temp files
        List<Runnable> background;
        synchronized (this) {
            background = pendingBackground;
            pendingBackground = null;
        }
        if (background != null) background.forEach(Runnable::run);
    }

    // ---- running ----

    @Override
    public void start() {
        // Answered at the door, or aborted before it started: nothing to run.
        if (state != State.RUNNING || cancellation.cancelled()) return;
        // On a blocking core the dispatching container thread is this request's own while
        // dispatch runs: blocking links run inline on it, and cancelling interrupts it. Once
        // dispatch returns, the container may reuse the thread, so it stops being ours.
        boolean onContainer = onContainerThread();
        if (onContainer) own.enter();
        // Blocking links may run inside dispatch on a container thread: the deadline must be armed
        // first. Elsewhere dispatch returns at once, and a chain that already answered (an async
        // one, inline) needs no deadline at all.
        if (onContainer) armDeadline();
        try {
            bound(() -> {
                runner.run(this::afterChain);
                return null;
            });
            if (!onContainer && state == State.RUNNING) armDeadline();
        } finally {
            if (onContainer) own.leave();
        }
    }

    private void armDeadline() {
        cancellation.arm(app.tasks(), this::timeout);
    }

    private void afterChain(Response res, Throwable err) {
        // A cancelled call is concluded by what cancelled it (the deadline, the client leaving),
        // with its reason: what the interrupted chain made of the interruption is not the answer.
        if (cancellation.cancelled()) return;
        if (err == null) {
            conclude(res);
            return;
        }
        concludeWithError(ChainRunner.unwrap(err));
    }

    /** Teardown hooks, then the response is final. Runs once, whichever way the request ended. */
    private void conclude(Response res) {
        if (!STATE.compareAndSet(this, State.RUNNING, State.CONCLUDING)) return;
        // sessions: written once the response is chosen, before teardown; not for cancelled work
        if (req.loadedSession != null && !cancellation.cancelled()) {
            bound(() -> app.sessions().commit(req, res)).whenComplete((r, e) -> tearDown(r != null ? r : res));
        } else {
            tearDown(res);
        }
    }

    private void tearDown(Response res) {
        Step<Throwable, Throwable>[] teardown = pipeline.teardown();
        Throwable cause = cancellation.cancelled() ? cancellation.reason() : res.cause();
        if (teardown.length == 0) {
            complete(res);
        } else {
            bound(() -> runner.runSteps(teardown, 0, teardown.length, cause, false, (v, e) -> CompletableFuture.completedFuture(null)))
                    .whenComplete((v, e) -> complete(res));
        }
    }

    private void complete(Response res) {
        cancellation.disarm();
        // absent, so added (no scan to replace); the id is ours or a client's that passed RequestIds.acceptable
        if (res.header("X-Request-Id") == null) ((HeaderList) res.headers()).addPrechecked("X-Request-Id", req.id());
        app.security().decorate(req, res, chain.cors());
        res.codec(app.json());
        Compressor coding = pipeline == null ? null : pipeline.compression().choose(req, res, chain.compress());
        if (coding != null && EventLoopThread.isCurrent() && Compression.heavy(res)) {
            // Too much CPU for the loop (see Compression.INLINE_LIMIT). The pool only compresses;
            // the response changes here, once it is done: a cancelled task (the client left) or a
            // full pool leaves it uncompressed, never half-changed while a core writes it.
            byte[] plain = res.encodedBody();
            app.tasks().cpu(() -> Compression.pack(plain, coding)).whenComplete((packed, e) -> {
                if (packed != null) Compression.use(res, coding, packed);
                answer(res);
            });
            return;
        }
        if (coding != null) Compression.compress(res, coding);
        answer(res);
    }

    private void answer(Response res) {
        // (an abort may have ended the call meanwhile; the response is still its outcome)
        STATE.compareAndSet(this, State.CONCLUDING, State.ANSWERED);
        result.complete(res);
    }

    /** Concludes with what the error handlers make of {@code error}, or Duet's own page if they fail. */
    private void concludeWithError(Throwable error) {
        bound(() -> runner.handleError(error, true)).whenComplete((res, e) -> conclude(res != null ? res
                : app.answers().defaultError(req, e == null ? new IllegalStateException("no response") : ChainRunner.unwrap(e))));
    }

    private void timeout() {
        if (state != State.RUNNING) return;
        // The timer answers when it cancels, or when the toolkit's expire() did a moment ago with the
        // deadline's error; a client that left first has its own answer (499) on the way.
        if (!cancellation.cancel(cancellation.deadlineError(), own) && !(cancellation.reason() instanceof HttpError)) return;
        concludeWithError(cancellation.reason());
    }

    // ---- for the toolkit ----

    long deadlineNanos() {
        return cancellation.deadlineNanos();
    }

    /**
     * The deadline has passed (noticed by a bounded wait a moment before the deadline timer
     * fires). The work is cancelled now, as the timer would; the timer answers.
     */
    void expire() {
        if (state == State.RUNNING) cancellation.cancel(cancellation.deadlineError(), own);
    }

    /** Runs {@code hook} if this request is cancelled (now, if it already is). */
    void onCancel(Runnable hook) {
        cancellation.onCancel(hook);
    }

    void removeOnCancel(Runnable hook) {
        cancellation.removeOnCancel(hook);
    }

    /** Queues {@code task} to start once the response is sent; false if it has been already. */
    synchronized boolean deferUntilSent(Runnable task) {
        if (state == State.ENDED) return false;
        if (pendingBackground == null) pendingBackground = new ArrayList<>(2);
        pendingBackground.add(task);
        return true;
    }

    /** See {@link Request#closeWhenThreadLeaves}. */
    boolean closeWhenThreadLeaves(AutoCloseable resource) {
        return own.closeWhenLeaving(resource);
    }

    ThreadShield ownShield() {
        return own.shield();
    }

    /** Waits for {@code stage} on a thread that may block; interrupted by cancellation. */
    <T> T await(CompletionStage<T> stage) throws Exception {
        return runner.await(stage);
    }

    static Throwable unwrap(Throwable t) {
        return ChainRunner.unwrap(t);
    }

    /** Runs {@code body} with this request bound as {@link Request#current()} and in the log MDC. */
    <T> T bound(Supplier<T> body) {
        if (Request.CURRENT.isBound() && Request.CURRENT.get() == req) return body.get();
        return ScopedValue.where(Request.CURRENT, req).call(() -> {
            String previous = MDC.get("requestId");
            MDC.put("requestId", req.id());
            Map<String, String> extra = req.logContext;
            String[] before = extra == null ? null : new String[extra.size()];
            if (extra != null) {
                int i = 0;
                for (var e : extra.entrySet()) {
                    before[i++] = MDC.get(e.getKey());
                    MDC.put(e.getKey(), e.getValue());
                }
            }
            try {
                return body.get();
            } finally {
                if (previous == null) MDC.remove("requestId");
                else MDC.put("requestId", previous);
                if (extra != null) {
                    int i = 0;
                    for (String key : extra.keySet()) {
                        String was = before[i++];
                        if (was == null) MDC.remove(key);
                        else MDC.put(key, was);
                    }
                }
            }
        });
    }
}
