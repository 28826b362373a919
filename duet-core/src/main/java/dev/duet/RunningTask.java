package dev.duet;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One toolkit task ({@code offload}, {@code cpu}, a blocking {@link Task}) as a future whose
 * {@code cancel(true)} interrupts the thread running it (through its shield, once it has one).
 * Cancelling, starting and finishing take its lock, so an interrupt never reaches the thread before
 * or after it runs the task (a CPU pool thread goes on to other tasks).
 */
final class RunningTask<T> extends CompletableFuture<T> {
    /** The task running on this thread, while its work runs: how a {@link Shield} raised in it finds the task's. */
    private static final ScopedValue<RunningTask<?>> CURRENT = ScopedValue.newInstance();

    private final Call call;
    private Thread runner;
    private ThreadShield shield;

    RunningTask(Call call) {
        this.call = call;
    }

    /** The shield of the task running on this thread, made at its first stretch; null if no task runs here. */
    static ThreadShield currentShield() {
        return CURRENT.isBound() ? CURRENT.get().shield() : null;
    }

    /**
     * Runs {@code work} on this thread, in the request's context, and completes with its outcome;
     * does nothing if the task was cancelled before it started.
     */
    void run(Callable<T> work) {
        if (!begin(Thread.currentThread())) return;
        try {
            T value = ScopedValue.where(CURRENT, this).call(() -> call == null ? work.call() : call.bound(() -> {
                try {
                    return work.call();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }));
            complete(value);
        } catch (Throwable t) {
            completeExceptionally(Call.unwrap(t));
        } finally {
            end();
        }
    }

    private synchronized boolean begin(Thread me) {
        if (isDone()) return false;
        runner = me;
        return true;
    }

    /** On the runner, once the task is over: no interrupt reaches it from here on. */
    private synchronized void end() {
        runner = null;
        shield = null;
        Thread.interrupted();
    }

    private synchronized ThreadShield shield() {
        if (shield == null) shield = new ThreadShield(runner, call);
        return shield;
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
        boolean cancelled = super.cancel(mayInterrupt);
        if (cancelled) interruptRunner();
        return cancelled;
    }

    private synchronized void interruptRunner() {
        if (shield != null) shield.interrupt();
        else if (runner != null) runner.interrupt();
    }
}
