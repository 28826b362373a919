package dev.duet;

import dev.duet.spi.EventLoopThread;
import dev.duet.internal.DeadlineWheel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The concurrency toolkit: what Python's {@code asyncio.to_thread}, {@code run_in_threadpool},
 * {@code async_to_sync}, {@code gather} and background tasks do, done properly. Every task runs
 * with the calling request's context (see {@link Request#current()}, the log MDC), stops when the
 * request is cancelled (deadline passed, client gone), and every queue is bounded.
 *
 * <pre>{@code
 * app.getAsync("/work/{n:int}", req -> req.tasks().cpu(() -> sortRandom(req.pathInt("n"))));
 * app.get("/both", req -> {
 *     var both = req.tasks().parallel(Task.blocking(() -> users.find(id)), Task.async(() -> quotes.fetchAsync()));
 *     return Map.of("user", both.first(), "quote", both.second());      // each under its own type
 * });
 * app.post("/signup", req -> { req.tasks().background(() -> mailer.welcome(user)); return user; });
 * }</pre>
 */
public final class Tasks {
    private static final Logger log = LoggerFactory.getLogger("dev.duet.tasks");

    private final ThreadFactory virtual = Thread.ofVirtual().name("duet-vt").factory();
    private final Executor newVirtualThread = r -> virtual.newThread(r).start();
    /** Starts virtual threads; on an event loop, as the loop sees fit (in batches, say). */
    private final Executor virtualThreads = r -> {
        if (Thread.currentThread() instanceof EventLoopThread loop) loop.startVirtual(r, newVirtualThread);
        else newVirtualThread.execute(r);
    };
    private final ThreadPoolExecutor cpu;
    private final ScheduledThreadPoolExecutor timer;
    private final DeadlineWheel deadlines = new DeadlineWheel();
    private final int backgroundLimit;
    private final Semaphore backgroundPermits;
    private final Set<Thread> backgroundThreads = ConcurrentHashMap.newKeySet();
    /** What each queued or running background task is (its request), for the report of a drain that timed out. */
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Tasks(Config config) {
        int threads = config.effectiveCpuThreads();
        AtomicInteger n = new AtomicInteger();
        this.cpu = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                config.cpuQueue() > 0 ? new ArrayBlockingQueue<>(config.cpuQueue()) : new java.util.concurrent.SynchronousQueue<>(),
                r -> Thread.ofPlatform().daemon().name("duet-cpu-" + n.incrementAndGet()).unstarted(r));
        // Code chained on delay() runs on the timer thread: marked an event loop, so blocking there
        // is refused (await) and, in dev mode, reported like blocking any event loop.
        this.timer = new ScheduledThreadPoolExecutor(1, TimerThread::new);
        this.timer.setRemoveOnCancelPolicy(true);
        this.backgroundLimit = config.backgroundLimit();
        this.backgroundPermits = new Semaphore(backgroundLimit);
    }

    /** The toolkit of the current request's app; fails outside a request. */
    public static Tasks current() {
        return Request.current().tasks();
    }

    /**
     * Runs blocking {@code work} on a virtual thread of its own; for async code that must call
     * something blocking. Its failure fails the stage as is.
     */
    public <T> CompletableFuture<T> offload(Callable<T> work) {
        return start(work, virtualThreads, "offload");
    }

    /**
     * Runs CPU-bound {@code work} on the CPU pool: platform threads, one per core by default, never
     * an event loop or a carrier of virtual threads, so other requests keep flowing. When the pool's
     * queue is full the stage fails with 503.
     */
    public <T> CompletableFuture<T> cpu(Callable<T> work) {
        return start(work, cpu, "cpu");
    }

    /**
     * Waits for {@code stage} from blocking code and returns its value, rethrowing its failure as
     * is (checked exceptions too, as if the code had run inline). Bounded by the request's
     * deadline (504 past it). Refuses to run on an event loop.
     */
    public <T> T await(CompletionStage<T> stage) {
        if (EventLoopThread.isCurrent()) {
            throw new IllegalStateException("Tasks.await() would block the event loop (" + Thread.currentThread().getName()
                    + "). In an async link compose the stage (thenApply/thenCompose) instead, or register the link as blocking.");
        }
        CompletableFuture<T> cf = stage.toCompletableFuture();
        Call call = currentCall();
        long deadline = call == null ? 0 : call.deadlineNanos();
        try {
            if (cf.isDone() || deadline == 0) return cf.get();
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new TimeoutException();
            return cf.get(left, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw sneaky(Call.unwrap(e.getCause()));
        } catch (TimeoutException e) {
            call.expire();
            throw new HttpError(504, "The request's deadline passed while waiting for a result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting: the request was cancelled");
        } catch (CancellationException e) {
            throw e;
        }
    }

    /**
     * Runs {@code tasks}, all of one type, at once and waits for all, from blocking code: their
     * results in the tasks' order. The first failure cancels the rest and is rethrown as is;
     * waiting is bounded by the request's deadline. For two to four tasks of different types, the
     * forms below give each result its own type.
     */
    public <T> List<T> parallel(List<? extends Task<? extends T>> tasks) {
        return await(gather(tasks));
    }

    /** {@link #parallel(List)} for two tasks of any types: {@code both.first()}, {@code both.second()}. */
    public <A, B> Results.Two<A, B> parallel(Task<? extends A> first, Task<? extends B> second) {
        return await(gather(first, second));
    }

    /** {@link #parallel(List)} for three tasks of any types. */
    public <A, B, C> Results.Three<A, B, C> parallel(Task<? extends A> first, Task<? extends B> second, Task<? extends C> third) {
        return await(gather(first, second, third));
    }

    /** {@link #parallel(List)} for four tasks of any types. */
    public <A, B, C, D> Results.Four<A, B, C, D> parallel(Task<? extends A> first, Task<? extends B> second,
                                                          Task<? extends C> third, Task<? extends D> fourth) {
        return await(gather(first, second, third, fourth));
    }

    /**
     * Starts {@code tasks}, all of one type, at once (blocking ones each on a virtual thread, async
     * ones right here) and completes with their results in order; the first failure cancels the
     * rest and fails the stage with it. Cancelling the request cancels them all.
     */
    public <T> CompletableFuture<List<T>> gather(List<? extends Task<? extends T>> tasks) {
        return gatherInto(tasks, results -> {
            @SuppressWarnings("unchecked")
            List<T> list = (List<T>) Collections.unmodifiableList(Arrays.asList(results));
            return list;
        });
    }

    /** {@link #gather(List)} for two tasks of any types. */
    public <A, B> CompletableFuture<Results.Two<A, B>> gather(Task<? extends A> first, Task<? extends B> second) {
        return gatherInto(List.of(first, second), r -> new Results.Two<>(as(r[0]), as(r[1])));
    }

    /** {@link #gather(List)} for three tasks of any types. */
    public <A, B, C> CompletableFuture<Results.Three<A, B, C>> gather(Task<? extends A> first, Task<? extends B> second,
                                                                      Task<? extends C> third) {
        return gatherInto(List.of(first, second, third), r -> new Results.Three<>(as(r[0]), as(r[1]), as(r[2])));
    }

    /** {@link #gather(List)} for four tasks of any types. */
    public <A, B, C, D> CompletableFuture<Results.Four<A, B, C, D>> gather(Task<? extends A> first, Task<? extends B> second,
                                                                           Task<? extends C> third, Task<? extends D> fourth) {
        return gatherInto(List.of(first, second, third, fourth), r -> new Results.Four<>(as(r[0]), as(r[1]), as(r[2]), as(r[3])));
    }

    /**
     * Queues {@code work} to run on a virtual thread once the current response has been sent
     * (at once outside a request). Failures are logged with the request id. At most
     * {@code backgroundLimit} tasks may be queued or running; past that, and during shutdown, this
     * throws a 503 {@link HttpError}. Shutdown waits for them up to the grace period.
     */
    public void background(BackgroundWork work) {
        if (closed) throw HttpError.unavailable("Shutting down: no new background tasks", 5);
        if (!backgroundPermits.tryAcquire()) {
            throw HttpError.unavailable("Too many background tasks (limit " + backgroundLimit + "); try again later", 1);
        }
        Call call = currentCall();
        Pending task = new Pending(call);
        pending.add(task);
        Runnable launch = () -> virtualThreads.execute(() -> {
            Thread me = Thread.currentThread();
            backgroundThreads.add(me);
            task.started = true;
            try {
                if (call != null) {
                    call.bound(() -> {
                        runLogged(work, call.req().id());
                        return null;
                    });
                } else {
                    runLogged(work, null);
                }
            } finally {
                backgroundThreads.remove(me);
                pending.remove(task);
                backgroundPermits.release();
            }
        });
        if (call == null || !call.deferUntilSent(launch)) launch.run();
    }

    /** Work for {@link #background}. */
    @FunctionalInterface
    public interface BackgroundWork {
        /** Does the work; may block. What it throws is logged with the request's id. */
        void run() throws Exception;
    }

    /** Background tasks queued or running now. */
    public int backgroundCount() {
        return backgroundLimit - backgroundPermits.availablePermits();
    }

    /** Threads of the CPU pool running a task now (for metrics). */
    public int cpuBusy() {
        return cpu.getActiveCount();
    }

    /** CPU tasks waiting for a thread of the pool now (for metrics; at most {@code cpuQueue}). */
    public int cpuQueued() {
        return cpu.getQueue().size();
    }

    /** A stage that completes after {@code delay} without holding any thread; cancelled with the request. */
    public CompletableFuture<Void> delay(Duration delay) {
        CompletableFuture<Void> cf = new CompletableFuture<>();
        ScheduledExecutorService on = Thread.currentThread() instanceof EventLoopThread loop ? loop.scheduler() : null;
        if (on == null) on = timer;
        ScheduledFuture<?> f = on.schedule(() -> cf.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
        Call call = currentCall();
        if (call != null) {
            Runnable cancel = () -> {
                f.cancel(false);
                cf.completeExceptionally(new CancellationException("the request was cancelled"));
            };
            call.onCancel(cancel);
            cf.whenComplete((v, e) -> call.removeOnCancel(cancel));
        }
        return cf;
    }

    /**
     * Runs {@code hook} if the current request is cancelled (its deadline passes, its client goes
     * away) before {@code until} completes: for async work that has a way of its own to stop, such
     * as a database client's cancel request or an HTTP client's abort. The toolkit's own tasks need
     * none (they are cancelled with the request). It runs at most once, at once if the request is
     * cancelled already, else on the thread that cancels (an event loop, the deadline timer), so
     * it must not block. Outside a request it does nothing.
     *
     * <pre>{@code
     * CompletableFuture<Rows> rows = client.query(sql);
     * req.tasks().onCancel(rows, () -> client.cancel(rows));
     * }</pre>
     */
    public void onCancel(CompletionStage<?> until, Runnable hook) {
        Call call = currentCall();
        if (call == null) return;
        call.onCancel(hook);
        until.whenComplete((v, e) -> call.removeOnCancel(hook));
    }

    /** Time left before the current request's deadline; null if it has none or outside a request. */
    public Duration remaining() {
        Call call = currentCall();
        if (call == null || call.deadlineNanos() == 0) return null;
        return Duration.ofNanos(Math.max(0, call.deadlineNanos() - System.nanoTime()));
    }

    // ---- for the app and the pipeline ----

    /** Starts the first thread a request dispatched here hops to ({@link EventLoopThread#startRequestThread}). */
    void startRequestThread(Runnable task, Object connection) {
        if (Thread.currentThread() instanceof EventLoopThread loop) loop.startRequestThread(task, newVirtualThread, connection);
        else newVirtualThread.execute(task);
    }

    Executor virtualThreads() {
        return virtualThreads;
    }

    /** Arms a request deadline: cheap to arm and cancel, fired on a thread that must not block. */
    DeadlineWheel.Entry deadline(long deadlineNanos, Runnable task) {
        return deadlines.schedule(deadlineNanos, task);
    }

    /** Refuses new background tasks and waits up to {@code grace} for the rest; true if all finished. */
    boolean drain(Duration grace) {
        closed = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (backgroundCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean all = backgroundCount() == 0;
        if (!all) {
            // Each one named (by its request), so that what was cut short can be found and redone:
            // a task dropped at shutdown is never dropped silently.
            List<Pending> left = List.copyOf(pending);
            long queued = left.stream().filter(p -> !p.started).count();
            // All of them, one a line: at most backgroundLimit lines, once, at the very end.
            StringBuilder names = new StringBuilder();
            left.forEach(p -> names.append("\n  ").append(p.started ? "running: " : "queued:  ").append(p.what()));
            log.warn("Shutdown grace period over with {} background task(s) unfinished ({} running, interrupted now; {} queued,"
                    + " never started):{}", backgroundCount(), left.size() - queued, queued, names);
            backgroundThreads.forEach(Thread::interrupt);
        }
        return all;
    }

    /** A background task from {@link #background} until it ends: what it is, and whether it has started. */
    private static final class Pending {
        private final Call call; // null outside a request
        volatile boolean started;

        Pending(Call call) {
            this.call = call;
        }

        /** Named only when a drain times out, not for every task queued. */
        String what() {
            return call == null ? "outside a request"
                    : call.req().method() + " " + call.req().path() + " (request " + call.req().id() + ")";
        }
    }

    void close() {
        closed = true;
        cpu.shutdownNow();
        timer.shutdownNow();
        deadlines.close();
    }

    // ---- internals ----

    private static Call currentCall() {
        Request r = Request.currentOrNull();
        return r == null ? null : r.call;
    }

    private static final class TimerThread extends Thread implements dev.duet.spi.EventLoopThread {
        TimerThread(Runnable r) {
            super(r, "duet-timer");
            setDaemon(true);
        }
    }

    /** The shield of the task running on this thread, made at its first stretch; null if no task runs here. */
    static ThreadShield runningTaskShield() {
        return RunningTask.currentShield();
    }

    private <T> CompletableFuture<T> start(Callable<T> work, Executor executor, String what) {
        Call call = currentCall();
        RunningTask<T> cf = new RunningTask<>(call);
        Runnable onCancel = () -> cf.cancel(true);
        if (call != null) call.onCancel(onCancel);
        try {
            executor.execute(() -> {
                try {
                    cf.run(work);
                } finally {
                    if (call != null) call.removeOnCancel(onCancel);
                }
            });
        } catch (RejectedExecutionException e) {
            if (call != null) call.removeOnCancel(onCancel);
            cf.completeExceptionally(HttpError.unavailable("The " + what + " pool is full ("
                    + cpu.getQueue().size() + " tasks waiting); try again shortly", 1));
        }
        return cf;
    }

    private <R> CompletableFuture<R> gatherInto(List<? extends Task<?>> tasks, Function<Object[], R> finish) {
        return Gathering.start(tasks, this::startTask, currentCall(), finish);
    }

    @SuppressWarnings("unchecked")
    private static <T> T as(Object result) {
        return (T) result;
    }

    private CompletableFuture<?> startTask(Task<?> task) {
        return switch (task) {
            case Task.Blocking<?> b -> offload(b.work());
            case Task.Async<?> a -> {
                try {
                    CompletionStage<?> s = a.work().start();
                    if (s == null) throw new IllegalStateException("an async task returned null instead of a CompletionStage");
                    yield s.toCompletableFuture();
                } catch (Throwable t) {
                    yield CompletableFuture.failedFuture(t);
                }
            }
        };
    }

    private static void runLogged(BackgroundWork work, String requestId) {
        try {
            work.run();
        } catch (Throwable t) {
            log.error("Background task failed (request {})", requestId, t);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
