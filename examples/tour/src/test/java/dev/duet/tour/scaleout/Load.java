package dev.duet.tour.scaleout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded, steady load through nginx: {@code workers} virtual threads, each sending one request
 * at a time with a short pause between, in a fixed mix of the tour's pages and jobs. Every answer
 * is recorded (an I/O error as status -1) with the times its request was sent and answered, and every job a
 * {@code POST /jobs/report} acknowledged (202) is kept by id.
 */
final class Load implements AutoCloseable {
    private static final Pattern JOB_ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    /** One request and how it ended. */
    record Result(long sentNanos, long endedNanos, String method, String path, int status, String detail) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + (detail == null ? "" : " " + detail);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String sessionCookie;
    private final String accountName;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Queue<Result> results = new ConcurrentLinkedQueue<>();
    private final Queue<String> acked = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Starts the load on {@code base} (nginx); {@code cookie} is a logged-in session whose {@code /me} shows {@code accountName}. */
    Load(String base, int workers, String cookie, String accountName) {
        this.base = base;
        this.sessionCookie = cookie;
        this.accountName = accountName;
        for (int w = 0; w < workers; w++) {
            int worker = w;
            threads.add(Thread.ofVirtual().name("load-" + w).start(() -> run(worker)));
        }
    }

    private void run(int worker) {
        for (int i = worker; running.get(); i++) {
            String lastJob = acked.peek();
            switch (i % 10) {
                case 0, 1, 2 -> get("/check", null);
                case 3 -> get("/", "<h1");                                  // the index page: a template and the users table
                case 4 -> get("/me", accountName);                          // the session, from Redis, on whichever instance
                case 5 -> postReport();
                case 6 -> get("/jobs", "\"schedules\"");
                case 7 -> get(lastJob == null ? "/jobs" : "/jobs/" + lastJob, "\"");
                case 8 -> get("/static/tour.css", null);
                default -> get("/users", "[");
            }
            try {
                Thread.sleep(15);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void get(String path, String mustContain) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (path.equals("/me")) b.header("Cookie", sessionCookie);
        send(http, "GET", path, b.GET().build(), mustContain);
    }

    /**
     * A POST on a connection of its own. On a kept-alive one, a POST could meet nginx's reload
     * closing that idle connection just as the request is written: the client then gets no answer
     * from nginx (the app never saw the request), and the JDK's client resends only idempotent
     * requests. That race is nginx's own, whatever is behind it, and not what this test measures.
     */
    private void postReport() {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/jobs/report?ms=100")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        Result r;
        try (HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()) {
            r = send(fresh, "POST", "/jobs/report", req, "\"id\"");
        }
        if (r != null && r.status() == 202) {
            Matcher m = JOB_ID.matcher(r.detail());
            if (m.find()) acked.add(m.group(1));
        }
    }

    /** Sends and records; a 2xx whose body lacks {@code mustContain} counts as a failure (status 0). */
    private Result send(HttpClient client, String method, String path, HttpRequest req, String mustContain) {
        long sent = System.nanoTime();
        Result r;
        try {
            HttpResponse<String> res = client.send(req, HttpResponse.BodyHandlers.ofString());
            int status = res.statusCode();
            if (status / 100 == 2 && mustContain != null && !res.body().contains(mustContain)) {
                r = new Result(sent, System.nanoTime(), method, path, 0, "2xx without '" + mustContain + "': " + abbreviated(res.body()));
            } else {
                r = new Result(sent, System.nanoTime(), method, path, status, status == 202 ? res.body() : status / 100 == 2 ? null : abbreviated(res.body())
                        + res.headers().firstValue("Location").map(l -> " Location: " + l).orElse(""));
            }
        } catch (IOException e) {
            r = new Result(sent, System.nanoTime(), method, path, -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        results.add(r);
        return r;
    }

    private static String abbreviated(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    /** Results of requests that ended before {@code nanos} ({@link System#nanoTime()}). */
    List<Result> endedBefore(long nanos) {
        return results.stream().filter(r -> r.endedNanos() < nanos).toList();
    }

    /** Results of requests still unanswered at {@code nanos}, or sent after. */
    List<Result> endedFrom(long nanos) {
        return results.stream().filter(r -> r.endedNanos() >= nanos).toList();
    }

    /** Results of requests that were in flight at some moment of [{@code fromNanos}, {@code toNanos}). */
    List<Result> during(long fromNanos, long toNanos) {
        return results.stream().filter(r -> r.endedNanos() >= fromNanos && r.sentNanos() < toNanos).toList();
    }

    List<Result> results() {
        return List.copyOf(results);
    }

    List<String> acked() {
        return List.copyOf(acked);
    }

    /** Counts by "METHOD status", for the report. */
    static Map<String, Long> summary(List<Result> rs) {
        Map<String, Long> m = new TreeMap<>();
        for (Result r : rs) m.merge(r.method() + " " + r.status(), 1L, Long::sum);
        return m;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) t.join(Duration.ofSeconds(40));
    }
}
