package dev.duet;

import dev.duet.spi.EventLoopThread;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Runs one request's chain, each link where its kind belongs, hopping threads only where the kind
 * changes:
 * <ul>
 * <li>An async link runs on the thread the chain is on when it is reached: the event loop at
 *     first, or wherever the stage before it completed. It never blocks, so any thread will do.
 * <li>A blocking link runs inline if the chain is on the request's own thread (its virtual
 *     thread, or a core's thread that may block, e.g. a servlet container's); otherwise the chain
 *     hops to a new virtual thread, which runs everything after it inline, waiting on async links
 *     cheaply.
 * <li>So an all-async chain never leaves the event loop, an all-blocking chain hops once, and a
 *     mixed chain hops where a blocking link follows async work that completed elsewhere.
 * </ul>
 * An error becomes a response where it is thrown: a handler's or hook's inside the after hooks,
 * a middleware's at that middleware, through the error handlers; every link outside sees that
 * response, never the exception. Only a cancellation travels out as a failure: whoever cancelled
 * the request answers it.
 */
final class ChainRunner {
    private final Call call;
    private final Request req;
    private final Chain chain;
    private final OwnThread own;
    private final Cancellation cancellation;
    /** The thread running {@link #run}'s synchronous part, while it does; a hop it asks for waits for it. */
    private Thread dispatcher;
    private Runnable deferredLaunch;

    ChainRunner(Call call, Chain chain) {
        this.call = call;
        this.req = call.req();
        this.chain = chain;
        this.own = call.own();
        this.cancellation = call.cancellation();
    }

    /** Runs the chain from its first link on this thread, then {@code then} with its outcome. */
    void run(java.util.function.BiConsumer<Response, Throwable> then) {
        dispatcher = Thread.currentThread();
        CompletionStage<Response> done = runChain(0);
        dispatcher = null;
        done.whenComplete(then);
        // Launched only now that the continuation is attached, so the rest of the request
        // (teardown included) runs on the hopped-to thread rather than back here.
        Runnable launch = deferredLaunch;
        deferredLaunch = null;
        if (launch != null) launch.run();
    }

    // ---- middleware ----

    private CompletionStage<Response> runChain(int i) {
        try {
            cancellation.check();
            Link[] mws = chain.middleware();
            if (i == mws.length) return inner();
            return switch (mws[i]) {
                case Link.Async a -> answered(nonNull(invokeAsync(a, () -> call.bound(() -> runChain(i + 1))), a));
                case Link.Blocking b -> own.isCurrent()
                        ? CompletableFuture.completedFuture(runBlocking(i))
                        : hop(() -> runBlocking(i), true);
            };
        } catch (Throwable t) {
            return recover(null, t);
        }
    }

    /** Runs middleware {@code i} and the rest on this thread, which may block; its errors come back as responses. */
    private Response runBlocking(int i) throws Exception {
        cancellation.check();
        Link[] mws = chain.middleware();
        if (i == mws.length) return await(inner());
        if (!(mws[i] instanceof Link.Blocking b)) return await(runChain(i));
        try {
            Response res = b.middleware().handle(req, () -> runBlocking(i + 1));
            if (res == null) throw new IllegalStateException("middleware " + b.middleware() + " returned null instead of a Response");
            return res;
        } catch (Throwable t) {
            return await(recover(null, t));
        }
    }

    /** {@code stage}, its failure turned into a response. */
    private CompletionStage<Response> answered(CompletionStage<Response> stage) {
        CompletableFuture<Response> cf = stage.toCompletableFuture();
        if (cf.isDone() && !cf.isCompletedExceptionally()) return cf;
        return cf.exceptionallyCompose(e -> call.bound(() -> recover(null, e)));
    }

    // ---- hooks and the handler ----

    /** Before hooks and the handler, errors turned into responses, then after hooks. */
    private CompletionStage<Response> inner() {
        // The rest travels with the steps: if they hop to a virtual thread, the after hooks run on
        // it too, instead of wherever a continuation attached too late would find itself.
        Step<?, ?>[] front = chain.front();
        return runSteps(front, 0, front.length, null, true, (value, error) -> {
            CompletionStage<Response> res = recover((Response) value, error);
            return chain.after().length == 0 ? res : res.thenCompose(r -> after(0, r));
        });
    }

    /**
     * After hook {@code k} on {@code res}, then the rest. Each runs alone, so that one's error
     * becomes a response right there and the later ones (the app's, after a route's) still see it.
     */
    private CompletionStage<Response> after(int k, Response res) {
        Step<?, ?>[] after = chain.after();
        return call.bound(() -> runSteps(after, k, k + 1, res, true, (value, error) -> {
            CompletionStage<Response> r = recover((Response) value, error);
            return k + 1 == after.length ? r : r.thenCompose(next -> after(k + 1, next));
        }));
    }

    /** A response as is, or an error turned into one by the error handlers. */
    private CompletionStage<Response> recover(Response value, Throwable error) {
        if (error == null) return CompletableFuture.completedFuture(value);
        // Once cancelled, the failure is the cancellation's doing: whoever cancelled answers.
        if (cancellation.cancelled()) return CompletableFuture.failedFuture(error);
        return handleError(unwrap(error), true);
    }

    /**
     * Runs the error handler for {@code error}. A handler that throws a different HttpError hands
     * the request on, once, to the handler for that error (e.g. a library mapping its NotFound to
     * a 404 reaches the app's own 404 page); anything else it throws gets the default page.
     */
    CompletionStage<Response> handleError(Throwable error, boolean mayHandOff) {
        Step<Throwable, Response> handler = call.pipeline().errorHandlerFor(error);
        if (handler == null) return CompletableFuture.completedFuture(call.answers().defaultError(req, error));
        return runSteps(new Step<?, ?>[] {handler}, 0, 1, error, false, (value, err) -> {
            if (err != null) {
                Throwable second = unwrap(err);
                // A handler may rethrow what it was given; a throwable cannot suppress itself.
                if (second != error) second.addSuppressed(error);
                if (mayHandOff && second instanceof HttpError && second != error
                        && call.pipeline().errorHandlerFor(second) != handler) {
                    return call.bound(() -> handleError(second, false));
                }
                return CompletableFuture.completedFuture(call.answers().defaultError(req, second));
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
        });
    }

    /** What follows a run of steps, on the thread the last of them finished on: given its output or failure. */
    @FunctionalInterface
    interface Then<R> {
        CompletionStage<R> apply(Object value, Throwable error);
    }

    /**
     * Runs {@code steps} from {@code i} up to {@code end} (exclusive), threading each step's output
     * into the next, then {@code then} on the thread they finished on. Never throws: failures go to
     * {@code then}.
     */
    <R> CompletionStage<R> runSteps(Step<?, ?>[] steps, int i, int end, Object value, boolean cancellable, Then<R> then) {
        try {
            for (; i < end; i++) {
                if (cancellable) cancellation.check();
                Step<?, ?> step = steps[i];
                if (step instanceof Step.Blocking<?, ?> b) {
                    if (!own.isCurrent()) {
                        int at = i;
                        Object in = value;
                        return hop(() -> await(runSteps(steps, at, end, in, cancellable, then)), cancellable);
                    }
                    value = apply(b, value);
                } else {
                    Step.Async<?, ?> a = (Step.Async<?, ?>) step;
                    CompletableFuture<?> cf = nonNull(invokeAsync(a, value), a).toCompletableFuture();
                    if (cf.isDone() && !cf.isCompletedExceptionally()) {
                        value = cf.join();
                    } else if (own.isCurrent() && !call.onContainerThread()) {
                        // Already on this request's own virtual thread: waiting here is cheap and
                        // saves a hop back. (A container thread is not cheap: the request suspends.)
                        value = await(cf);
                    } else {
                        int next = i + 1;
                        return cf.handle((v, e) -> e == null
                                        ? call.bound(() -> runSteps(steps, next, end, v, cancellable, then))
                                        : call.bound(() -> finish(then, null, unwrap(e))))
                                .thenCompose(x -> x);
                    }
                }
            }
        } catch (Throwable t) {
            return finish(then, null, t);
        }
        return finish(then, value, null);
    }

    // A chain's steps are typed where they are made (Step<Response, Response>, Step<Throwable, Response>...)
    // and each one's output is the next one's input: here they are run as one sequence.
    @SuppressWarnings("unchecked")
    private Object apply(Step.Blocking<?, ?> step, Object input) throws Exception {
        return ((Step.Fn<Object, Object>) step.fn()).apply(req, input);
    }

    @SuppressWarnings("unchecked")
    private CompletionStage<?> invokeAsync(Step.Async<?, ?> step, Object input) throws Exception {
        Step.AsyncFn<Object, Object> fn = (Step.AsyncFn<Object, Object>) step.fn();
        Watchdog dog = call.app().watchdog();
        if (dog == null || !EventLoopThread.isCurrent()) return fn.apply(req, input);
        dog.enter(req, step.label());
        try {
            return fn.apply(req, input);
        } finally {
            dog.exit();
        }
    }

    private CompletionStage<Response> invokeAsync(Link.Async link, AsyncNext next) throws Exception {
        Watchdog dog = call.app().watchdog();
        if (dog == null || !EventLoopThread.isCurrent()) return link.middleware().handle(req, next);
        dog.enter(req, link.label());
        try {
            return link.middleware().handle(req, next);
        } finally {
            dog.exit();
        }
    }

    private static <R> CompletionStage<R> finish(Then<R> then, Object value, Throwable error) {
        try {
            return then.apply(value, error);
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    // ---- threads ----

    /**
     * Runs {@code work} on a new virtual thread that becomes the request's own. Work that must run
     * even for a cancelled request (error handlers answering it, teardown hooks) is not cancellable.
     */
    private <T> CompletableFuture<T> hop(Callable<T> work, boolean cancellable) {
        CompletableFuture<T> cf = new CompletableFuture<>();
        Runnable run = () -> {
            own.enter();
            try {
                cf.complete(call.bound(() -> {
                    try {
                        if (cancellable) cancellation.check();
                        return work.call();
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }));
            } catch (Throwable t) {
                cf.completeExceptionally(unwrap(t));
            } finally {
                own.leave();
            }
        };
        if (dispatcher == Thread.currentThread() && deferredLaunch == null) {
            deferredLaunch = () -> call.app().tasks().startRequestThread(run, req.raw().connection());
        } else {
            call.app().tasks().virtualThreads().execute(run);
        }
        return cf;
    }

    /** Waits for {@code stage} on a thread that may block; interrupted by cancellation. */
    <T> T await(CompletionStage<T> stage) throws Exception {
        CompletableFuture<T> cf = stage.toCompletableFuture();
        if (cf.isDone()) return join(cf);
        if (EventLoopThread.isCurrent()) {
            throw new IllegalStateException("a blocking wait on an event loop thread; this is a bug in Duet");
        }
        try {
            return cf.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Throwable c = cancellation.reason();
            throw c instanceof HttpError h ? h : new CancellationException("the request was cancelled");
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        }
    }

    private static <T> T join(CompletableFuture<T> cf) throws Exception {
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

    /** {@code stage}, unless a link returned null; {@code link} names it then (its label is made only if needed). */
    private static <T> T nonNull(T stage, Object link) {
        if (stage == null) {
            String what = link instanceof Step<?, ?> s ? s.label() : link instanceof Link.Async a ? a.label() : String.valueOf(link);
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
