package dev.duet.conformance;

import dev.duet.App;
import dev.duet.Request;
import dev.duet.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Duet behind a real nginx ({@link Nginx}: HTTP/1.1 upstream with keep-alive, once with nginx's
 * request buffering and once streaming bodies through), fed {@link HostileInputSuite}'s corpus,
 * a set of classic smuggling attempts and {@link FuzzSuite}'s mutations: wherever request
 * smuggling really happens, between a proxy and the server behind it framing the same bytes
 * differently. A <em>differential</em> is any of:
 * <ul>
 * <li><b>hidden</b>: Duet saw a request nginx did not frame (no {@value Nginx#REQUEST_ID}, or an id
 *     nginx never logged), e.g. the {@code /smuggled} request that only ever travels inside a body;
 * <li><b>reframed</b>: Duet saw a request nginx framed, but as another method or target;
 * <li><b>poisoned</b>: a client got an answer that Duet made for another request. Two innocent
 *     clients send marked {@code GET /check}s through nginx all along, interleaved with the hostile
 *     ones on the same pooled upstream connections, and each answer must carry its own mark: a
 *     desync would hand them the answer to a smuggled request (response-queue poisoning);
 * <li><b>status</b>: the status class nginx sent its client differs from the one Duet answered;
 * <li><b>gateway</b>: nginx met a 502 or 504 (answered it, or retried on another connection),
 *     i.e. it could not read Duet's answer, or Duet closed a connection nginx expected an answer
 *     on (nginx's own 400s for what it refuses itself are fine: the request never reached Duet).
 * </ul>
 * Each must be zero; the counts are printed for docs/reliability.md. The fuzz count is
 * {@value #DEFAULT_FUZZ} here (the system property {@code duet.fuzz.count} changes it).
 */
public abstract class NginxDifferentialSuite extends WireSuite {
    static final int DEFAULT_FUZZ = 2000;
    /** The header every client marks its requests with; the app answers it back in {@value #ANSWERED}. */
    private static final String MARK = "X-Duet-Mark";
    private static final String ANSWERED = "X-Duet-Answered";
    private static final Pattern ANSWER = Pattern.compile("(?im)^" + ANSWERED + ":\\s*(\\S+)");
    private static final int HOSTILE_WORKERS = 4;
    private static final int INNOCENT_CLIENTS = 2;

    protected NginxDifferentialSuite(Harness harness) {
        super(harness);
    }

    /** A request as Duet's app saw it. */
    record Seen(String nginxId, String mark, String method, String target) {
    }

    /** What the app records: every request that reached it, and the status it answered each nginx id with. */
    static final class Recorder {
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final Map<String, Integer> answered = new ConcurrentHashMap<>();
    }

    private Harness.Client app(Recorder rec) {
        // The suites' small limits; a long idle timeout, so that Duet never closes a pooled upstream
        // connection nginx is about to reuse (a race that would show as a 502, not a differential).
        return serve(c -> c.maxBodySize(1024).maxUriLength(512).maxHeaderSize(2048)
                .readTimeout(Duration.ofSeconds(5)).idleTimeout(Duration.ofSeconds(120)), app -> routes(app, rec));
    }

    static void routes(App app, Recorder rec) {
        app.before(req -> rec.seen.add(new Seen(String.valueOf(req.header(Nginx.REQUEST_ID)), String.valueOf(req.header(MARK)),
                req.method().toString(), req.path() + (req.rawQuery().isEmpty() ? "" : "?" + req.rawQuery()))));
        app.after((req, res) -> {
            String id = req.header(Nginx.REQUEST_ID);
            if (id != null) rec.answered.put(id, res.status());
        });
        app.get("/check", req -> answer(req, "ok"));
        app.post("/echo", req -> answer(req, req.body().length + ":" + new String(req.body(), StandardCharsets.ISO_8859_1)));
        app.get("/smuggled", req -> answer(req, "smuggled"));
        app.post("/smuggled", req -> answer(req, "smuggled"));
    }

    private static Response answer(Request req, String body) {
        return Response.text(body).header(ANSWERED, String.valueOf(req.header(MARK)));
    }

    // ---- the corpus ----

    private static final String INNER = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

    /** Classic smuggling attempts, each hiding {@link #INNER} where one parser would see a body and another a request. */
    static List<String> smuggling() {
        String zero = "0\r\n\r\n" + INNER;
        String chunkOfInner = Integer.toHexString(INNER.length()) + "\r\n" + INNER + "\r\n0\r\n\r\n";
        String cl = "Content-Length: " + zero.length() + "\r\n";
        List<String> all = new ArrayList<>();
        all.add(post(cl + "Transfer-Encoding: chunked\r\n", zero));                       // CL.TE
        all.add(post("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", chunkOfInner)); // TE.CL
        for (String te : List.of("Transfer-Encoding : chunked", "Transfer-Encoding: xchunked", "Transfer-Encoding:\tchunked",
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: x", " Transfer-Encoding: chunked", "X: y\r\n Transfer-Encoding: chunked",
                "Transfer-Encoding\n: chunked", "Transfer-Encoding: \"chunked\"", "Transfer-Encoding: chunked, identity",
                "Transfer_Encoding: chunked", "Transfer-Encoding: chunk", "Transfer-Encoding: ch\u00fcnked")) {
            all.add(post(cl + te + "\r\n", zero));
            all.add(post(te + "\r\nContent-Length: 4\r\n", chunkOfInner));
        }
        all.add(post("Content-Length: 0\r\nContent-Length: " + INNER.length() + "\r\n", INNER));
        all.add(post("Content-Length: " + INNER.length() + "\r\nContent-Length: 0\r\n", INNER));
        all.add(post("Content-Length: " + INNER.length() + " 0\r\n", INNER));
        all.add("GET /check HTTP/1.1\r\nHost: x\r\nContent-Length: " + INNER.length() + "\r\n\r\n" + INNER);
        all.add("GET /check HTTP/1.1\nHost: x\nContent-Length: " + INNER.length() + "\n\n" + INNER);
        all.add(post("Transfer-Encoding: chunked\r\n", "2;\nxx\r\n" + chunkOfInner));
        all.add(post("Transfer-Encoding: chunked\r\n", "2\r\nxx\n" + chunkOfInner));
        all.add(post("Transfer-Encoding: chunked\r\n", "10000000000000002\r\nxx\r\n" + chunkOfInner));
        all.add(post("Transfer-Encoding: chunked\r\n", "2 \r\nxx\r\n" + chunkOfInner));
        all.add(post("Transfer-Encoding: chunked\r\n", "0\r\nX: " + INNER.replace("\r\n\r\n", "\r\n") + "\r\n"));
        all.add(post("Expect: 100-continue\r\nContent-Length: " + INNER.length() + "\r\nTransfer-Encoding: chunked\r\n", INNER));
        all.add("GET /check HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nContent-Length: "
                + INNER.length() + "\r\n\r\n" + INNER);
        all.add("GET /check HTTP/1.0\r\nContent-Length: " + INNER.length() + "\r\nConnection: keep-alive\r\n\r\n" + INNER);
        return all;
    }

    private static String post(String headers, String body) {
        return "POST /echo HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n" + body;
    }

    /** {@code request} with {@code MARK: mark} as its first header (after its first line feed). */
    static byte[] marked(byte[] request, String mark) {
        int lf = 0;
        while (lf < request.length && request[lf] != '\n') lf++;
        if (lf == request.length) return request;
        byte[] header = (MARK + ": " + mark + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[request.length + header.length];
        System.arraycopy(request, 0, out, 0, lf + 1);
        System.arraycopy(header, 0, out, lf + 1, header.length);
        System.arraycopy(request, lf + 1, out, lf + 1 + header.length, request.length - lf - 1);
        return out;
    }

    // ---- the tests ----

    /** The hostile corpus and the smuggling attempts, each followed by a marked {@code GET /check}, through both nginx set-ups. */
    @Test
    void theCorpusIsFramedAlikeByNginxAndDuet() throws Exception {
        List<byte[]> corpus = new ArrayList<>();
        for (String s : HostileInputSuite.corpus()) corpus.add(s.getBytes(StandardCharsets.ISO_8859_1));
        for (String s : smuggling()) corpus.add(s.getBytes(StandardCharsets.ISO_8859_1));
        run("corpus", corpus.size() * 2, n -> {
            byte[] check = marked("GET /check HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), "a" + n + "c");
            byte[] req = marked(corpus.get(n / 2), "a" + n);
            byte[] both = new byte[req.length + check.length];
            System.arraycopy(req, 0, both, 0, req.length);
            System.arraycopy(check, 0, both, req.length, check.length);
            return both;
        });
    }

    /** {@link FuzzSuite}'s mutations (the same seed) and mutations of the smuggling attempts, through both set-ups. */
    @Test
    void fuzzedRequestsAreFramedAlikeByNginxAndDuet() throws Exception {
        int count = Integer.getInteger("duet.fuzz.count", DEFAULT_FUZZ);
        List<byte[]> seeds = new ArrayList<>(FuzzSuite.seeds());
        for (String s : smuggling()) seeds.add(s.getBytes(StandardCharsets.ISO_8859_1));
        run("fuzz", count, n -> marked(FuzzSuite.mutant(FuzzSuite.SEED, n, seeds), "f" + n));
    }

    /**
     * The judge can fail: a request sent to Duet past nginx (as a smuggled one would arrive, framed
     * by no one but Duet) is counted hidden, and one sent through nginx is not.
     */
    @Test
    void aRequestNginxDidNotFrameIsCountedHidden() throws Exception {
        Recorder rec = new Recorder();
        var server = app(rec);
        Map<String, List<String>> found = new TreeMap<>();
        for (String kind : List.of("hidden", "reframed", "poisoned", "status", "gateway")) found.put(kind, new ArrayList<>());
        try (Nginx nginx = Nginx.proxying(server.app().port())) {
            for (int port : new int[] {nginx.bufferedPort, server.app().port()}) {
                try (RawClient c = new RawClient(port)) {
                    c.send("GET /smuggled HTTP/1.1\r\nHost: x\r\n" + MARK + ": s" + port + "\r\n\r\n");
                    assertThat(c.read().status()).isEqualTo(200);
                }
            }
            judge(nginx, rec, found);
        }
        assertThat(found.get("hidden")).as("%s", found).singleElement().asString()
                .contains("mark=s" + server.app().port()).contains("target=/smuggled");
        assertThat(found.get("reframed")).isEmpty();
        assertThat(found.get("gateway")).isEmpty();
    }

    /**
     * Sends {@code count} requests ({@code request.apply(n)}, the even ones to nginx's buffered
     * port, the odd ones to its streaming port), each on its own connection then half-closed, from
     * {@value #HOSTILE_WORKERS} workers, while {@value #INNOCENT_CLIENTS} innocent clients keep
     * sending marked requests; then counts the differentials and asserts there are none.
     */
    private void run(String what, int count, IntFunction<byte[]> request) throws Exception {
        Recorder rec = new Recorder();
        var server = app(rec);
        Map<String, List<String>> found = new TreeMap<>();
        for (String kind : List.of("hidden", "reframed", "poisoned", "status", "gateway")) found.put(kind, new CopyOnWriteArrayList<>());
        AtomicInteger innocent = new AtomicInteger();
        Map<String, Integer> nginxStatuses = new TreeMap<>();
        AtomicBoolean done = new AtomicBoolean();
        long t0 = System.nanoTime();
        try (Nginx nginx = Nginx.proxying(server.app().port());
             ExecutorService pool = Executors.newFixedThreadPool(HOSTILE_WORKERS + INNOCENT_CLIENTS)) {
            List<Future<?>> innocents = new ArrayList<>();
            for (int i = 0; i < INNOCENT_CLIENTS; i++) {
                int port = i % 2 == 0 ? nginx.bufferedPort : nginx.streamingPort;
                String name = "b" + i + "-";
                innocents.add(pool.submit(() -> innocentClient(port, name, done, innocent, found.get("poisoned"))));
            }
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < HOSTILE_WORKERS; w++) {
                workers.add(pool.submit(() -> {
                    for (int n; (n = next.getAndIncrement()) < count; ) {
                        byte[] req = request.apply(n);
                        int port = n % 2 == 0 ? nginx.bufferedPort : nginx.streamingPort;
                        HostileWire.Outcome o = HostileWire.exchange(port, req, true, 5000);
                        Set<String> sent = marks(req);
                        Matcher m = ANSWER.matcher(o.raw());
                        while (m.find()) {
                            if (!sent.contains(m.group(1))) found.get("poisoned").add("#" + n + " got the answer for " + m.group(1) + ": " + o);
                        }
                        if (o.hung()) found.get("gateway").add("#" + n + " hung: " + show(req));
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) f.get();
            done.set(true);
            for (Future<?> f : innocents) f.get();
            judge(nginx, rec, found);
            for (Nginx.Logged l : nginx.log()) {
                nginxStatuses.merge(l.status() + (l.upstreamStatus().equals("-") ? "" : "/" + l.upstreamStatus()), 1, Integer::sum);
            }
        }
        long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        Map<String, Integer> counts = new TreeMap<>();
        found.forEach((k, v) -> counts.put(k, v.size()));
        Set<String> ids = new HashSet<>();
        int retried = 0;
        for (Seen s : rec.seen) if (!ids.add(s.nginxId())) retried++;
        // The figures docs/reliability.md quotes.
        System.out.println("nginx " + getClass().getSimpleName() + " " + what + ": " + count + " hostile requests and "
                + innocent.get() + " innocent ones in " + ms + " ms; Duet saw " + rec.seen.size() + " requests ("
                + retried + " retried by nginx); differentials " + counts
                + "; nginx's answers (nginx's status/Duet's, innocents included) " + nginxStatuses);
        assertThat(innocent.get()).as("the innocent clients were served meanwhile").isPositive();
        found.forEach((kind, list) -> assertThat(list).as(kind + " differentials").isEmpty());
        assertThat(server.get("/check").text()).isEqualTo("ok");
    }

    /** Compares what Duet saw with what nginx framed (its access log). */
    private static void judge(Nginx nginx, Recorder rec, Map<String, List<String>> found) throws Exception {
        Map<String, Nginx.Logged> logged = new HashMap<>();
        // nginx writes a request's log line as it finishes it, which may be just after its client
        // has read the answer: wait (briefly) until every id Duet saw is there.
        for (int tries = 0; tries < 50; tries++) {
            logged.clear();
            for (Nginx.Logged l : nginx.log()) logged.put(l.id(), l);
            if (rec.seen.stream().allMatch(s -> logged.containsKey(s.nginxId()))) break;
            Thread.sleep(100);
        }
        for (Seen s : rec.seen) {
            Nginx.Logged l = logged.get(s.nginxId());
            if (l == null) {
                found.get("hidden").add(s + " (nginx framed no such request)");
            } else if (!l.method().equals(s.method()) || !originForm(l.uri()).equals(s.target())) {
                found.get("reframed").add(s + " vs nginx's " + l);
            }
        }
        for (Nginx.Logged l : logged.values()) {
            // A 502 nginx recovered from by retrying on another connection counts too: it means Duet
            // closed a pooled connection without saying so, and for a POST nginx does not retry.
            if (l.status() == 502 || l.status() == 504 || l.upstreamStatus().matches(".*\\b50[24]\\b.*")) {
                // The other requests of its client connection: a hostile one there is the likely cause.
                found.get("gateway").add(l + " after " + logged.values().stream()
                        .filter(o -> o.connection().equals(l.connection()) && o != l).limit(5).toList() + "; nginx: " + nginx.errors());
            }
            Integer duet = rec.answered.get(l.id());
            if (l.upstreamStatus().matches("\\d{3}")) {
                int up = Integer.parseInt(l.upstreamStatus());
                if (up / 100 != l.status() / 100 || (duet != null && duet / 100 != up / 100)) {
                    found.get("status").add(l + ", Duet's app answered " + duet);
                }
            }
        }
    }

    /** A marked {@code GET /check} after another on one keep-alive connection; each answer must carry its own mark. */
    private static Void innocentClient(int port, String name, AtomicBoolean done, AtomicInteger served, List<String> poisoned)
            throws IOException {
        int k = 0;
        while (!done.get()) {
            try (RawClient c = new RawClient(port)) {
                for (int i = 0; i < 200 && !done.get(); i++) {
                    String mark = name + k++;
                    c.send("GET /check HTTP/1.1\r\nHost: x\r\n" + MARK + ": " + mark + "\r\n\r\n");
                    RawClient.Res r = c.read();
                    if (r.status() != 200 || !mark.equals(r.header(ANSWERED))) {
                        poisoned.add("innocent " + mark + " got " + r.statusLine() + " answered for " + r.header(ANSWERED));
                    } else {
                        served.incrementAndGet();
                    }
                }
            }
        }
        return null;
    }

    /** The marks {@code req} carries (the marked() header, wherever it ended up). */
    private static Set<String> marks(byte[] req) {
        Set<String> all = new HashSet<>();
        Matcher m = Pattern.compile(MARK + ": (\\S+)\r\n").matcher(new String(req, StandardCharsets.ISO_8859_1));
        while (m.find()) all.add(m.group(1));
        all.add("null"); // a request whose mark did not survive (a mutation broke its line): answered for no one else
        return all;
    }

    /** nginx logs an absolute-form target as sent and forwards its path: compare paths. */
    private static String originForm(String uri) {
        Matcher m = Pattern.compile("(?i)^[a-z][a-z0-9+.-]*://[^/?]*").matcher(uri);
        return m.find() ? uri.substring(m.end()).isEmpty() ? "/" : uri.substring(m.end()) : uri;
    }

    private static String show(byte[] req) {
        return "\"" + new String(req, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0") + "\"";
    }
}
