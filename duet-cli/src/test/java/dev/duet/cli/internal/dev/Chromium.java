package dev.duet.cli.internal.dev;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One headless chromium tab for duet run's browser test, driven over the Chrome DevTools Protocol
 * on the tab's own WebSocket, the way examples/tour's browser tests drive it (the same flags; a
 * much smaller driver: open a URL, evaluate JavaScript). Chromium must be installed:
 * scripts/install-browser does it, and without it {@link #launch} fails naming that script.
 */
final class Chromium implements AutoCloseable {
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
            "--disable-component-update", "--mute-audio", "--remote-debugging-port=0");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final Path home;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Duration timeout;
    private WebSocket socket;

    private Chromium(Process process, Path home, Duration timeout) {
        this.process = process;
        this.home = home;
        this.timeout = timeout;
    }

    /** Starts chromium with one blank tab and connects to that tab. */
    static Chromium launch(Duration timeout) throws Exception {
        Path binary = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                if (binary == null && !dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) binary = Path.of(dir, name);
            }
        }
        if (binary == null) {
            throw new IllegalStateException("no chromium on the PATH: run scripts/install-browser to install Debian's chromium");
        }
        Path home = Files.createTempDirectory("duet-run-chromium-");
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(FLAGS);
        command.addAll(List.of("--user-data-dir=" + home.resolve("profile"), "about:blank"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(home.resolve("chromium.log").toFile());
        pb.environment().put("HOME", home.toString()); // its caches and crash reports stay in the temporary folder
        Chromium c = new Chromium(pb.start(), home, timeout);
        try {
            c.connect();
            return c;
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
    }

    private void connect() throws Exception {
        // With port 0 chromium picks a free port and writes it to DevToolsActivePort: nothing to guess.
        Path portFile = home.resolve("profile/DevToolsActivePort");
        long deadline = System.nanoTime() + timeout.toNanos();
        String port = null;
        while (port == null) {
            if (Files.isRegularFile(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (lines.size() >= 2 && lines.get(0).matches("\\d+")) port = lines.get(0);
            }
            if (!process.isAlive()) throw new IllegalStateException("chromium exited: " + Files.readString(home.resolve("chromium.log")));
            if (System.nanoTime() > deadline) throw new IllegalStateException("chromium did not open its DevTools port");
            if (port == null) Thread.sleep(20);
        }
        String ws = null;
        while (ws == null) {
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode target : JSON.readTree(list)) {
                if (target.path("type").asString("").equals("page")) ws = target.path("webSocketDebuggerUrl").asString();
            }
            if (ws == null) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("chromium opened no tab: " + list);
                Thread.sleep(20);
            }
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new Reader()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Loads {@code url} in the tab and waits until the page has loaded. */
    void open(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!"complete".equals(evalOrNull("document.location.href === " + JSON.writeValueAsString(url)
                + " && document.readyState === 'complete' ? 'complete' : ''"))) {
            if (System.nanoTime() > deadline) throw new AssertionError("the tab did not load " + url);
            Thread.sleep(20);
        }
    }

    /**
     * The value of {@code expression} in the tab, as a string; null if it cannot be evaluated now
     * (the page is being replaced by a reload) or threw.
     */
    String evalOrNull(String expression) throws Exception {
        JsonNode reply = call("Runtime.evaluate", Map.of("expression", "String(" + expression + ")", "returnByValue", true));
        if (reply.has("error") || reply.path("result").has("exceptionDetails")) return null;
        return reply.path("result").path("result").path("value").asString(null);
    }

    private JsonNode call(String method, Map<String, ?> params) throws Exception {
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (this) { // one send at a time on a WebSocket
                socket.sendText(JSON.writeValueAsString(message), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            pending.remove(id);
        }
    }

    /** Ends chromium and every helper it started, and deletes its profile. */
    @Override
    public void close() {
        if (socket != null) socket.abort();
        http.close();
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        family.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            for (ProcessHandle p : family) p.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Deleting below is best effort then.
        }
        try (Stream<Path> walk = Files.walk(home)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind; nothing depends on it.
        }
    }

    /** Joins a message's fragments and completes the call it answers; events are not needed here. */
    private final class Reader implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode message = JSON.readTree(partial.toString());
                partial.setLength(0);
                CompletableFuture<JsonNode> answer = message.has("id") ? pending.get(message.get("id").asLong()) : null;
                if (answer != null) answer.complete(message);
            }
            ws.request(1);
            return null;
        }
    }
}
