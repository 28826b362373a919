package dev.duet.tour;

import dev.duet.App;
import dev.duet.Csrf;
import dev.duet.HttpMethod;
import dev.duet.Response;
import dev.duet.sse.Event;
import dev.duet.sse.EventStream;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;

/**
 * The tour's streaming stops: Server-Sent Events from blocking code ({@code GET /events}, a tick
 * a second) and from an async source ({@code GET /progress/{n}}, the progress of the work
 * {@code /work/n} does, then its result), and {@code GET /streams}, a page watching both with the
 * browser's {@code EventSource}.
 */
final class Streams {
    /** How long between two ticks of {@code /events}. */
    static final long TICK_MILLIS = 1000;

    static final List<Tour.Stop> STOPS = List.of(
            new Tour.Stop(HttpMethod.GET, "/events", "/events",
                    "Server-Sent Events from plain blocking code: a tick a second, resumed after Last-Event-ID when the browser reconnects."),
            new Tour.Stop(HttpMethod.GET, "/progress/{n}", "/progress/7",
                    "Server-Sent Events from an async source: the progress of /work/n's job on the CPU pool, then its result."),
            new Tour.Stop(HttpMethod.GET, "/streams", "/streams", "A page watching /events and /progress/6 with EventSource."));

    private Streams() {
    }

    static void register(App app) {
        // Blocking code, on a virtual thread of its own: a loop that sleeps. The send fails (and the
        // sleep is interrupted) as soon as the client goes away, so the loop ends by itself. Each
        // tick carries its number as id, so a reconnecting browser says where it was.
        app.get("/events", req -> EventStream.blocking(events -> {
            String last = events.lastEventId();
            long n = last != null && last.chars().allMatch(Character::isDigit) && last.length() < 18 ? Long.parseLong(last) : 0;
            while (true) {
                n++;
                events.send(Event.of("tick", "tick " + n).id(Long.toString(n)));
                Thread.sleep(TICK_MILLIS);
            }
        }));

        // An async source: the work runs on the CPU pool and pushes its progress to the sink from
        // there, never blocking; a client that leaves stops the work at its next step.
        app.getAsync("/progress/{n}", req -> {
            int n = Tour.exponent(req.pathParam("n")); // 400 before any stream starts
            return CompletableFuture.completedFuture(EventStream.push(sink -> {
                CompletableFuture<Tour.Work> job = app.tasks().cpu(() -> sortWithProgress(n, percent -> {
                    if (!sink.send(Event.of("progress", percent))) throw new CancellationException("the client went away");
                }));
                sink.onClose(() -> job.cancel(true));
                job.whenComplete((work, error) -> {
                    if (work != null) {
                        sink.send(Event.of("result", String.format(Locale.ROOT,
                                "{\"n\":%d,\"count\":%d,\"ms\":%d}", work.n(), work.count(), work.ms())));
                    } else if (!(error instanceof CancellationException) && !(error.getCause() instanceof CancellationException)) {
                        sink.send(Event.of("failed", error.toString()));
                    }
                    sink.complete();
                });
            }));
        });

        // The page: its script carries the request's nonce, which the Content-Security-Policy asks for.
        app.get("/streams", req -> Response.html("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Streams - The Duet tour</title>
                <link rel="stylesheet" href="/static/tour.css"></head>
                <body><main><h1>Streams</h1>
                <p>Ticks from <code>/events</code>: <output id="tick">waiting</output> (<span id="ticks">0</span> so far)</p>
                <p>Sorting 10^6 numbers, <code>/progress/6</code>: <progress id="bar" max="100" value="0"></progress>
                <output id="result"></output></p>
                <script nonce="%s">
                let ticks = 0;
                const events = new EventSource('/events');
                events.addEventListener('tick', e => {
                  document.getElementById('tick').textContent = e.data;
                  document.getElementById('ticks').textContent = ++ticks;
                });
                const progress = new EventSource('/progress/6');
                progress.addEventListener('progress', e => document.getElementById('bar').value = Number(e.data));
                progress.addEventListener('result', e => {
                  document.getElementById('result').textContent = e.data;
                  progress.close(); // the stream ends here; without close() the browser would reconnect
                });
                </script>
                </main></body></html>
                """.formatted(Csrf.cspNonce(req))));
    }

    /**
     * {@link Tour#sortRandom}'s work, telling {@code progress} how far it is: the numbers are drawn
     * in ten steps (up to 50 %), then sorted (100 %).
     */
    static Tour.Work sortWithProgress(int n, IntConsumer progress) {
        long start = System.nanoTime();
        int count = (int) Math.pow(10, n);
        int[] numbers = new int[count];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int step = 0; step < 10; step++) {
            for (int i = step * count / 10; i < (step + 1) * count / 10; i++) numbers[i] = random.nextInt();
            progress.accept((step + 1) * 5);
        }
        Arrays.sort(numbers);
        progress.accept(100);
        return new Tour.Work(n, count, (System.nanoTime() - start) / 1_000_000);
    }
}
