package dev.duet.conformance;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded random fuzzer with a fixed seed: {@value #DEFAULT_COUNT} requests (the system property
 * {@code duet.fuzz.count} changes it) made by mutating {@link HostileInputSuite}'s corpus and a
 * few well-formed requests (bytes flipped to the ones parsers trip on, inserted, deleted, lines
 * repeated, case changed, pieces of two requests spliced). Each goes out on its own connection,
 * which is then half-closed, so that every request ends one way or another. What is held on every
 * core: no 5xx but 501 and 505, no connection left hanging (answered or closed within
 * {@value #QUIET_MILLIS} ms), and {@code GET /check} still answered after it all.
 *
 * <p>The same seed gives the same requests on every core and every run: a failure names the
 * request's index and bytes, and reproduces.
 */
public abstract class FuzzSuite extends WireSuite {
    static final int DEFAULT_COUNT = 3000;
    static final long SEED = 0x0D0E7F022L;
    private static final int QUIET_MILLIS = 3000;
    private static final byte[] TRICKY = " \t\r\n\0:;,\"#%/\\?@\u007f\u0080\u00ff0aAfF-+".getBytes(StandardCharsets.ISO_8859_1);

    protected FuzzSuite(Harness harness) {
        super(harness);
    }

    /** Requests that parse: the seeds mutations start from, beside the hostile corpus. */
    private static final List<String> VALID = List.of(
            "GET /check HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /check?a=1&b=%20 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\nUser-Agent: fuzz\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"name\":\"a\"}",
            "GET /check HTTP/1.0\r\n\r\n",
            "HEAD /check HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");

    /** The {@code n}th request of the run seeded {@code seed}: the same bytes on every core and every run. */
    static byte[] mutant(long seed, int n, List<byte[]> seeds) {
        Random r = new Random(seed * 31 + n);
        byte[] b = seeds.get(r.nextInt(seeds.size())).clone();
        int ops = 1 + r.nextInt(3);
        for (int i = 0; i < ops && b.length > 0; i++) b = mutate(r, b, seeds);
        return b;
    }

    private static byte[] mutate(Random r, byte[] b, List<byte[]> seeds) {
        int at = r.nextInt(b.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 16);
        switch (r.nextInt(7)) {
            case 0 -> { // flip a byte to a tricky one
                b[at] = TRICKY[r.nextInt(TRICKY.length)];
                return b;
            }
            case 1 -> { // insert a tricky byte
                out.write(b, 0, at);
                out.write(TRICKY[r.nextInt(TRICKY.length)]);
                out.write(b, at, b.length - at);
            }
            case 2 -> { // delete a few bytes
                int n = Math.min(1 + r.nextInt(4), b.length - at);
                out.write(b, 0, at);
                out.write(b, at + n, b.length - at - n);
            }
            case 3 -> { // repeat the line the position is in
                int start = at;
                while (start > 0 && b[start - 1] != '\n') start--;
                int end = at;
                while (end < b.length && b[end] != '\n') end++;
                end = Math.min(end + 1, b.length);
                out.write(b, 0, end);
                out.write(b, start, end - start);
                out.write(b, end, b.length - end);
            }
            case 4 -> { // change the case of a letter
                b[at] = (byte) (Character.isUpperCase(b[at]) ? Character.toLowerCase(b[at]) : Character.toUpperCase(b[at]));
                return b;
            }
            case 5 -> { // splice in the tail of another request
                byte[] other = seeds.get(r.nextInt(seeds.size()));
                int from = r.nextInt(other.length);
                out.write(b, 0, at);
                out.write(other, from, other.length - from);
            }
            default -> { // a digit changed, where lengths and sizes live
                b[at] = (byte) ('0' + r.nextInt(10));
                return b;
            }
        }
        return out.toByteArray();
    }

    static List<byte[]> seeds() {
        List<byte[]> all = new ArrayList<>();
        for (String s : VALID) all.add(s.getBytes(StandardCharsets.ISO_8859_1));
        for (String s : HostileInputSuite.corpus()) all.add(s.getBytes(StandardCharsets.ISO_8859_1));
        return all;
    }

    @Test
    void fuzzedRequestsGetNo5xxAndNoHangAndTheServerStillAnswers() throws Exception {
        int count = Integer.getInteger("duet.fuzz.count", DEFAULT_COUNT);
        var server = serve(c -> c.maxBodySize(1024).maxUriLength(512).maxHeaderSize(2048)
                .readTimeout(Duration.ofSeconds(2)).idleTimeout(Duration.ofSeconds(2)), HostileInputSuite::routes);
        int port = server.app().port();
        List<byte[]> seeds = seeds();
        ConcurrentMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(pool.submit(() -> {
                    int n;
                    while ((n = next.getAndIncrement()) < count && failures.size() < 5) {
                        byte[] req = mutant(SEED, n, seeds);
                        try {
                            HostileWire.Outcome o = HostileWire.exchange(port, req, true, QUIET_MILLIS);
                            for (int s : o.statuses()) statuses.computeIfAbsent(s, k -> new AtomicInteger()).incrementAndGet();
                            if (o.statuses().isEmpty()) statuses.computeIfAbsent(0, k -> new AtomicInteger()).incrementAndGet();
                            String bad = judge(o);
                            if (bad != null) failures.add("#" + n + " " + bad + " for " + show(req) + ": " + o);
                        } catch (IOException e) {
                            failures.add("#" + n + " " + e + " for " + show(req));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) f.get();
        }
        long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        Map<Integer, Integer> sorted = new TreeMap<>();
        statuses.forEach((k, v) -> sorted.put(k, v.get()));
        // The figures docs/reliability.md quotes (0 stands for "closed without an answer").
        System.out.println("fuzz " + getClass().getSimpleName() + ": " + count + " requests in " + ms + " ms, statuses " + sorted);
        assertThat(failures).as("fuzzed requests that broke a rule").isEmpty();
        assertThat(server.get("/check").text()).isEqualTo("ok");
    }

    /** What is wrong with {@code o}, or null. */
    private static String judge(HostileWire.Outcome o) {
        if (o.hung()) return "no answer and no close";
        for (int s : o.statuses()) {
            if (s >= 500 && s != 501 && s != 505) return "a " + s;
            if (s < 100) return "an unreadable status line";
        }
        if (!o.closed()) return "left open after a half-close";
        return null;
    }

    private static String show(byte[] req) {
        return "\"" + new String(req, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0") + "\"";
    }
}
