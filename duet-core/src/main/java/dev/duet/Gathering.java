package dev.duet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** How {@link Tasks#gather} and {@link Tasks#parallel} run tasks side by side and fail fast. */
final class Gathering {
    private Gathering() {
    }

    /**
     * Starts every task with {@code start} and completes with {@code finish} of their results, in
     * the tasks' order, once all have; the first failure fails it and cancels the rest, and so does
     * the cancellation of {@code call} (null outside a request).
     */
    static <R> CompletableFuture<R> start(List<? extends Task<?>> tasks, Function<Task<?>, CompletableFuture<?>> start,
                                          Call call, Function<Object[], R> finish) {
        int n = tasks.size();
        CompletableFuture<R> all = new CompletableFuture<>();
        Object[] results = new Object[n];
        if (n == 0) {
            all.complete(finish.apply(results));
            return all;
        }
        AtomicInteger remaining = new AtomicInteger(n);
        List<CompletableFuture<?>> started = Collections.synchronizedList(new ArrayList<>(n));
        Runnable cancelRest = () -> {
            synchronized (started) {
                for (CompletableFuture<?> f : started) f.cancel(true);
            }
        };
        Runnable onRequestCancel = () -> {
            if (all.completeExceptionally(new CancellationException("the request was cancelled"))) cancelRest.run();
        };
        if (call != null) call.onCancel(onRequestCancel);
        for (int i = 0; i < n && !all.isDone(); i++) {
            int index = i;
            CompletableFuture<?> f = start.apply(tasks.get(i));
            started.add(f);
            // (a failure may have cancelled the others while this one was starting, before it was listed)
            if (all.isDone()) f.cancel(true);
            f.whenComplete((value, error) -> {
                if (error != null) {
                    if (all.completeExceptionally(Call.unwrap(error))) cancelRest.run();
                } else {
                    results[index] = value;
                    if (remaining.decrementAndGet() == 0) all.complete(finish.apply(results));
                }
            });
        }
        if (call != null) all.whenComplete((v, e) -> call.removeOnCancel(onRequestCancel));
        return all;
    }
}
