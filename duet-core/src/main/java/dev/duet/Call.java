package dev.duet;

import dev.duet.spi.EventLoopThread;
import dev.duet.spi.Exchange;
import dev.duet.spi.RawRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One request's life: runs its chain, each link where its kind belongs, hopping threads only where
 * the kind changes.
 *
 * <p>The rules, in one place:
 * <ul>
 * <li>An async link runs on the thread the chain is on when it is reached: the event loop at
 *     first, or wherever the stage before it completed. It never blocks, so any thread will do.
 * <li>A blocking link runs inline if the chain is on this request's own virtual thread (or on a
 *     core's thread that may block, e.g. a servlet container's); otherwise the chain hops to a new
 *     virtual thread, which runs everything after it inline, waiting on async links cheaply.
 * <li>So an all-async chain never leaves the event loop, an all-blocking chain hops once, and a
 *     mixed chain hops where a blocking link follows async work that completed elsewhere.
 * </ul>
 * Errors from the handler and before hooks become responses (error handlers) before after hooks
 * and middleware see them; errors from middleware are handled at the top. Teardown hooks always
 * run, once, last.
 */
final class Call implements Exchange {
    private static final Logger log = LoggerFactory.getLogger(Call.class);

    private final App app;
    private final Request req;
    private final Chain chain;
    private final Thread containerThread;
    private final CompletableFuture<Response> result = new CompletableFuture<>();
    private final AtomicReference<Thread> ownThread = new AtomicReference<>();
    /** The own thread's {@link Shield}, made at its first stretch (most requests raise none). */
    private volatile ThreadShield ownShield;
    private final AtomicBoolean ending = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    /** The thread running {@link #start}'s synchronous part, while it does; a hop it asks for waits for it. */
    private Thread dispatcher;
    private Runnable deferredLaunch;
    private volatile Throwable cancelled;
    private volatile dev.duet.internal.DeadlineWheel.Entry timer;
    private final long deadlineNanos;
    private List<Runnable> pendingBackground;
    private List<Runnable> cancelHooks;
    /**
     * What {@link Request#closeWhenThreadLeaves} keeps, each with the thread that registered it;
     * null until something is, and never null again after. Changed under {@code this}: a
     * stretch's thread may still be leaving while the next stretch's thread registers.
     */
    private List<ThreadResource> threadResources;
    private boolean sent;

    Call(App app, RawRequest raw, HttpMethod method, String id, Chain chain, Thread containerThread) {
        this.app = app;
        this.req = new Request(app, raw, method, id, this);
        this.chain = chain;
        this.containerThread = containerThread;
        this.deadlineNanos = chain.timeoutNanos() > 0 ? System.nanoTime() + chain.timeoutNanos() : 0;
    }

    /** A call answered at once with {@code outcome} (a Response or an HttpError), running no chain. */
    Call(App app, RawRequest raw, HttpMethod method, String id, Object outcome) {
        this(app, raw, method, id, App.EMPTY_CHAIN, null);
        Response immediate = outcome instanceof HttpError e ? app.defaultError(req, e) : (Response) outcome;
        immediate.header("X-Request-Id", id);
        immediate.codec(app.json());
        result.complete(immediate);
        ending.set(true);
    }

    Request req() {
        return req;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    boolean isCancelled() {
        return cancelled != null;
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
        if (!result.isDone()) {
            CancellationException reason = new CancellationException("the client closed the connection");
            cancelWork(reason);
            bound(() -> {
                conclude(new Response().status(499).cause(reason));
                return null;
            });
        }
        end();
    }

    private void end() {
        if (!ended.compareAndSet(false, true)) return;
        app.exchangeEnded();
        List<Runnable> background;
        synchronized (this) {
            sent = true;
            background = pendingBackground;
            pendingBackground = null;
        }
        if (background != null) background.forEach(Runnable::run);
    }

    // ---- running the chain ----

    void start() {
        // On a blocking core the dispatching container thread is this request's own while
        // dispatch runs: blocking links run inline on it, and cancelling interrupts it. Once
        // dispatch returns, the container may reuse the thread, so it stops being ours.
        boolean onContainer = containerThread != null && containerThread == Thread.currentThread();
        if (onContainer) ownThread.set(containerThread);
        // Blocking links may run inside dispatch on a container thread: the deadline must be armed
        // first. Elsewhere dispatch returns at once, and a chain that already answered (an async
        // one, inline) needs no deadline at all.
        if (onContainer) armDeadline();
        try {
            dispatch();
            if (!onContainer && !ending.get()) armDeadline();
        } finally {
            if (onContainer) {
                synchronized (this) {
                    ownThread.compareAndSet(containerThread, null);
                    Thread.interrupted();
                }
                closeResourcesOf(containerThread);
            }
        }
    }

    private void dispatch() {
        bound(() -> {
            dispatcher = Thread.currentThread();
            CompletionStage<Response> chainDone = runChain(0);
            dispatcher = null;
            chainDone.whenComplete(this::afterChain);
            // Launched only now that the continuation is attached, so the rest of the request
            // (teardown included) runs on the hopped-to thread rather than back here.
            Runnable launch = deferredLaunch;
            deferredLaunch = null;
            if (launch != null) launch.run();
            return null;
        });
    }

    private void armDeadline() {
        if (deadlineNanos > 0) timer = app.tasks().deadline(deadlineNanos, this::timeout);
    }

    private void afterChain(Response res, Throwable err) {
        // A cancelled call is concluded by what cancelled it (the deadline, the client leaving),
        // with its reason: what the interrupted chain made of the interruption is not the answer.
        if (cancelled != null) return;
        if (err == null) {
            conclude(res);
            return;
        }
        bound(() -> handleError(unwrap(err))).whenComplete((r, e) -> conclude(r != null ? r : lastResort(e)));
    }

    private CompletionStage<Response> runChain(int i) {
        try {
            checkCancelled();
            Object[] mws = chain.middleware();
            if (i == mws.length) return inner();
            if (mws[i] instanceof AsyncMiddleware am) {
                AsyncNext next = () -> bound(() -> runChain(i + 1));
                return nonNull(invokeAsync(am, next), "async middleware " + am);
            }
            if (canBlock()) return CompletableFuture.completedFuture(runChainBlocking(i));
            return hop(() -> runChainBlocking(i), true);
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    /** Runs middleware {@code i} and the rest on this thread, which may block. */
    private Response runChainBlocking(int i) throws Exception {
        checkCancelled();
        Object[] mws = chain.middleware();
        if (i == mws.length) return await(inner());
        if (mws[i] instanceof Middleware m) {
            Response res = m.handle(req, () -> runChainBlocking(i + 1));
            if (res == null) throw new IllegalStateException("middleware " + m + " returned null instead of a Response");
            return res;
        }
        return await(runChain(i));
    }

    /** Before hooks and the handler, errors turned into responses, then after hooks. */
    private CompletionStage<Response> inner() {
        // The rest travels with the steps: if they hop to a virtual thread, the after hooks run on
        // it too, instead of wherever a continuation attached too late would find itself.
        return runSteps(chain.front(), 0, null, true, (value, error) -> {
            CompletionStage<Response> res = recover(value, error);
            if (chain.after().length == 0) return res;
            return res.thenCompose(r -> bound(() -> runSteps(chain.after(), 0, r, true, this::recover)));
        });
    }

    /** A response as is, or an error turned into one by the error handlers. */
    private CompletionStage<Response> recover(Object value, Throwable error) {
        if (error == null) return CompletableFuture.completedFuture((Response) value);
        // Once cancelled, the failure is the cancellation's doing: whoever cancelled answers.
        if (cancelled != null) return CompletableFuture.failedFuture(error);
        return handleError(unwrap(error));
    }

    /** What follows a run of steps, on the thread the last of them finished on: given its output or failure. */
    @FunctionalInterface
    interface Then<R> {
        CompletionStage<R> apply(Object value, Throwable error);
    }

    private static final Then<Object> AS_STAGE = (value, error) ->
            error == null ? CompletableFuture.completedFuture(value) : CompletableFuture.failedFuture(error);

    /**
     * Runs {@code steps} from {@code i}, threading each step's output into the next. Never throws:
     * failures come back as a failed stage.
     */
    CompletionStage<Object> runSteps(Step[] steps, int i, Object value, boolean cancellable) {
        return runSteps(steps, i, value, cancellable, AS_STAGE);
    }

    /** Runs {@code steps} from {@code i}, then {@code then} on the thread they finished on. Never throws. */
    private <R> CompletionStage<R> runSteps(Step[] steps, int i, Object value, boolean cancellable, Then<R> then) {
        try {
            for (; i < steps.length; i++) {
                if (cancellable) checkCancelled();
                Step step = steps[i];
                if (step instanceof Step.Blocking b) {
                    if (!canBlock()) {
                        int at = i;
                        Object in = value;
                        return hop(() -> await(runSteps(steps, at, in, cancellable, then)), cancellable);
                    }
                    value = b.fn().apply(req, value);
                } else {
                    Step.Async a = (Step.Async) step;
                    CompletionStage<?> stage = nonNull(invokeAsync(a, value), a.label());
                    CompletableFuture<?> cf = stage.toCompletableFuture();
                    if (cf.isDone() && !cf.isCompletedExceptionally()) {
                        value = cf.join();
                    } else if (canBlock() && Thread.currentThread() != containerThread) {
                        // Already on this request's own virtual thread: waiting here is cheap and
                        // saves a hop back. (A container thread is not cheap: the request suspends.)
                        value = await(stage);
                    } else {
                        int next = i + 1;
                        return stage.handle((v, e) -> e == null
                                        ? bound(() -> runSteps(steps, next, v, cancellable, then))
                                        : bound(() -> finish(then, null, unwrap(e))))
                                .thenCompose(x -> x);
                    }
                }
            }
        } catch (Throwable t) {
            return finish(then, null, t);
        }
        return finish(then, value, null);
    }

    private static <R> CompletionStage<R> finish(Then<R> then, Object value, Throwable error) {
        try {
            return then.apply(value, error);
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    private CompletionStage<Response> handleError(Throwable error) {
        return handleError(error, true);
    }

    /**
     * Runs the error handler for {@code error}. A handler that throws a different HttpError hands
     * the request on, once, to the handler for that error (e.g. a library mapping its NotFound to
     * a 404 reaches the app's own 404 page); anything else it throws gets the default page.
     */
    private CompletionStage<Response> handleError(Throwable error, boolean mayHandOff) {
        Step handler = app.errorStepFor(error);
        if (handler == null) return CompletableFuture.completedFuture(app.defaultError(req, error));
        return runSteps(new Step[] {handler}, 0, error, false).handle((value, err) -> {
            if (err != null) {
                Throwable second = unwrap(err);
                // A handler may rethrow what it was given; a throwable cannot suppress itself.
                if (second != error) second.addSuppressed(error);
                if (mayHandOff && second instanceof HttpError && second != error
                        && app.errorStepFor(second) != handler) {
                    return bound(() -> handleError(second, false));
                }
                return CompletableFuture.completedFuture(app.defaultError(req, second));
            }
            Response res = (Response) value;
            // An HttpError's headers are part of its meaning (Allow on a 405, Retry-After on a 503):
            // a custom error page keeps them unless it set its own.
            if (error instanceof HttpError h) {
                h.headers().forEach((name, v) -> {
                    if (res.header(name) == null) res.header(name, v);
                });
            }
            return CompletableFuture.completedFuture(res.cause(error));
        }).thenCompose(r -> r);
    }

    /** Teardown hooks, then the response is final. Runs once, whichever way the request ended. */
    private void conclude(Response res) {
        if (!ending.compareAndSet(false, true)) return;
        Step[] teardown = app.teardownSteps();
        Throwable cause = cancelled != null ? cancelled : res.cause();
        if (teardown.length == 0) {
            complete(res);
        } else {
            bound(() -> runSteps(teardown, 0, cause, false)).whenComplete((v, e) -> complete(res));
        }
    }

    private void complete(Response res) {
        var armed = timer;
        if (armed != null) armed.cancel();
        if (res.header("X-Request-Id") == null) res.header("X-Request-Id", req.id());
        res.codec(app.json());
        result.complete(res);
    }

    private Response lastResort(Throwable e) {
        return app.defaultError(req, e == null ? new IllegalStateException("no response") : unwrap(e));
    }

    private void timeout() {
        if (ending.get()) return;
        cancelWork(deadlineError());
        Throwable reason = cancelled;
        bound(() -> handleError(reason)).whenComplete((r, e) -> conclude(r != null ? r : lastResort(e)));
    }

    private HttpError deadlineError() {
        return new HttpError(504, "The request did not finish within its deadline of "
                + chain.timeoutNanos() / 1_000_000 + " ms");
    }

    /**
     * For the toolkit: the deadline has passed (noticed by a bounded wait a moment before the
     * deadline timer fires). The work is cancelled now, as the timer would; the timer answers.
     */
    void expire() {
        if (!ending.get()) cancelWork(deadlineError());
    }

    private void cancelWork(Throwable reason) {
        List<Runnable> hooks;
        synchronized (this) {
            if (cancelled != null) return;
            cancelled = reason;
            hooks = cancelHooks;
            cancelHooks = null;
            // Under the lock, so a container thread that has just stopped being ours is never hit.
            Thread t = ownThread.get();
            if (t != null) {
                ThreadShield shield = ownShield;
                if (shield != null && shield.thread == t) shield.interrupt();
                else t.interrupt();
            }
        }
        if (hooks != null) hooks.forEach(Runnable::run);
    }

    private void checkCancelled() {
        Throwable c = cancelled;
        if (c != null) {
            throw c instanceof HttpError h ? h : (CancellationException) new CancellationException(c.getMessage()).initCause(c);
        }
    }

    // ---- hooks for the toolkit ----

    /** Runs {@code hook} if this request is cancelled (now, if it already is). */
    void onCancel(Runnable hook) {
        synchronized (this) {
            if (cancelled == null) {
                if (cancelHooks == null) cancelHooks = new ArrayList<>(2);
                cancelHooks.add(hook);
                return;
            }
        }
        hook.run();
    }

    void removeOnCancel(Runnable hook) {
        synchronized (this) {
            if (cancelHooks != null) cancelHooks.remove(hook);
        }
    }

    /** Queues {@code task} to start once the response is sent; false if it has been already. */
    synchronized boolean deferUntilSent(Runnable task) {
        if (sent) return false;
        if (pendingBackground == null) pendingBackground = new ArrayList<>(2);
        pendingBackground.add(task);
        return true;
    }

    // ---- resources held while a thread works on this request ----

    private record ThreadResource(Thread thread, AutoCloseable resource) {
    }

    /** See {@link Request#closeWhenThreadLeaves}. */
    boolean closeWhenThreadLeaves(AutoCloseable resource) {
        java.util.Objects.requireNonNull(resource, "resource");
        Thread me = Thread.currentThread();
        // Only a thread in a stretch that ends in closeResourcesOf(itself) is ever the own thread.
        if (ownThread.get() != me) return false;
        synchronized (this) {
            if (threadResources == null) threadResources = new ArrayList<>(2);
            threadResources.add(new ThreadResource(me, resource));
        }
        return true;
    }

    /** Closes what {@code leaving} registered, last first; runs on {@code leaving} as it stops working on this request. */
    private void closeResourcesOf(Thread leaving) {
        // Read without the lock: whatever this thread registered, it wrote itself, so it sees it;
        // the common case (nothing registered) costs one field read.
        if (threadResources == null) return;
        List<AutoCloseable> mine = null;
        synchronized (this) {
            // Cancelling interrupts the own thread under this lock: one that saw this thread as
            // still ours has done so by now. Closing (say a JDBC connection) must not see it.
            Thread.interrupted();
            for (var it = threadResources.iterator(); it.hasNext(); ) {
                ThreadResource r = it.next();
                if (r.thread() == leaving) {
                    if (mine == null) mine = new ArrayList<>(2);
                    mine.add(r.resource());
                    it.remove();
                }
            }
        }
        if (mine == null) return;
        for (AutoCloseable r : mine.reversed()) {
            try {
                r.close();
            } catch (Exception e) {
                log.warn("[{}] Closing {} when its thread left the request failed", req.id(), r, e);
            }
        }
    }

    // ---- threads ----

    /** The current thread's shield if it is this request's own thread (made now if need be); else null. */
    ThreadShield ownShield() {
        Thread me = Thread.currentThread();
        if (ownThread.get() != me) return null;
        ThreadShield s = ownShield;
        if (s != null && s.thread == me) return s;
        // Under the lock that cancelling takes: it interrupts this thread either before the shield
        // exists (the stretch then finds the interrupt pending) or through it.
        synchronized (this) {
            if (ownThread.get() != me) return null;
            s = ownShield;
            if (s == null || s.thread != me) ownShield = s = new ThreadShield(me, this);
            return s;
        }
    }

    private boolean canBlock() {
        Thread t = Thread.currentThread();
        return t == ownThread.get();
    }

    /**
     * Runs {@code work} on a new virtual thread that becomes this request's own. Work that must run
     * even for a cancelled request (error handlers answering it, teardown hooks) is not cancellable.
     */
    private <T> CompletableFuture<T> hop(java.util.concurrent.Callable<T> work, boolean cancellable) {
        CompletableFuture<T> cf = new CompletableFuture<>();
        Runnable run = () -> {
            Thread me = Thread.currentThread();
            ownThread.set(me);
            try {
                cf.complete(bound(() -> {
                    try {
                        if (cancellable) checkCancelled();
                        return work.call();
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }));
            } catch (Throwable t) {
                cf.completeExceptionally(unwrap(t));
            } finally {
                ownThread.compareAndSet(me, null);
                Thread.interrupted();
                closeResourcesOf(me);
            }
        };
        if (dispatcher == Thread.currentThread() && deferredLaunch == null) {
            deferredLaunch = () -> app.tasks().virtualThreads().execute(run);
        } else {
            app.tasks().virtualThreads().execute(run);
        }
        return cf;
    }

    /** Waits for {@code stage} on a thread that may block; interrupted by cancellation. */
    <T> T await(CompletionStage<T> stage) throws Exception {
        CompletableFuture<T> cf = stage.toCompletableFuture();
        if (cf.isDone()) return unwrapGet(cf);
        if (EventLoopThread.isCurrent()) {
            throw new IllegalStateException("a blocking wait on an event loop thread; this is a bug in Duet");
        }
        try {
            return cf.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Throwable c = cancelled;
            throw c instanceof HttpError h ? h : new CancellationException("the request was cancelled");
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        }
    }

    private static <T> T unwrapGet(CompletableFuture<T> cf) throws Exception {
        try {
            return cf.join();
        } catch (CompletionException e) {
            throw rethrowable(e.getCause());
        }
    }

    static Exception rethrowable(Throwable t) {
        if (t instanceof Exception e) return e;
        if (t instanceof Error err) throw err;
        return new CompletionException(t);
    }

    /** Runs {@code body} with this request bound as {@link Request#current()} and in the log MDC. */
    <T> T bound(Supplier<T> body) {
        if (Request.CURRENT.isBound() && Request.CURRENT.get() == req) return body.get();
        return ScopedValue.where(Request.CURRENT, req).call(() -> {
            String previous = MDC.get("requestId");
            MDC.put("requestId", req.id());
            try {
                return body.get();
            } finally {
                if (previous == null) MDC.remove("requestId");
                else MDC.put("requestId", previous);
            }
        });
    }

    private CompletionStage<?> invokeAsync(Step.Async step, Object input) throws Exception {
        Watchdog dog = app.watchdog();
        if (dog == null || !EventLoopThread.isCurrent()) return step.fn().apply(req, input);
        dog.enter(req, step.label());
        try {
            return step.fn().apply(req, input);
        } finally {
            dog.exit();
        }
    }

    private CompletionStage<Response> invokeAsync(AsyncMiddleware mw, AsyncNext next) throws Exception {
        Watchdog dog = app.watchdog();
        if (dog == null || !EventLoopThread.isCurrent()) return mw.handle(req, next);
        dog.enter(req, "async middleware " + mw);
        try {
            return mw.handle(req, next);
        } finally {
            dog.exit();
        }
    }

    private static <T> T nonNull(T stage, Object what) {
        if (stage == null) {
            throw new IllegalStateException(what + " returned null instead of a CompletionStage");
        }
        return stage;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
