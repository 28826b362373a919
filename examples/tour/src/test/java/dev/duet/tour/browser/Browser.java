package dev.duet.tour.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A headless chromium for tests, driven over the Chrome DevTools Protocol. Launch one per test
 * class (starting chromium takes a second or so), open a {@link Page} per test, and close the
 * browser when done: closing ends chromium and every process it started and deletes its profile,
 * and a JVM that exits without closing it does the same from a shutdown hook.
 *
 * <pre>{@code
 * try (Browser browser = Browser.launch(); Page page = browser.newPage()) {
 *     page.open("http://127.0.0.1:" + app.port() + "/");
 *     assertThat(page.title()).isEqualTo("Duet tour");
 * }
 * }</pre>
 *
 * <p>Chromium must be installed ({@code scripts/install-browser} does it, and {@code ./duet services}
 * runs that); without it {@link #launch} throws, so the test fails rather than being skipped.
 */
public final class Browser implements AutoCloseable {
    /**
     * The flags every launch uses: headless, nothing that reaches for the network or a GPU (without
     * them chromium stalls on a closed network), and English, so the browser's own messages (a
     * form field's validation message) read the same on every machine.
     */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
            "--disable-component-update", "--disable-crash-reporter", "--mute-audio", "--lang=en-US", "--remote-debugging-port=0");
    /** The environment variable that marks chromium's processes as this browser's. */
    private static final String MARKER = "DUET_BROWSER_HOME";
    private static final String INSTALL_HINT = "run scripts/install-browser (./duet services runs it too) to install Debian's chromium";

    private final Options options;
    private final Process process;
    /** Chromium and the helpers it started (renderers, the zygote, ...), seen while it runs: a killed parent's children are re-parented and lost to descendants(). */
    private final List<ProcessHandle> family = new ArrayList<>();
    private final Path home;
    private final Thread cleanupAtExit;
    private Cdp cdp;
    private boolean closed;

    /**
     * How to launch chromium. {@link #defaults()}: chromium or chromium-browser from the PATH, a
     * 10 s timeout for every wait, a 1280×800 window, the profile under java.io.tmpdir.
     *
     * <pre>{@code
     * Browser.launch(Browser.Options.defaults().withTimeout(Duration.ofSeconds(30)).withWindow(800, 600));
     * }</pre>
     *
     * @param binary     the chromium to run; null finds one on the PATH
     * @param timeout    how long any single wait may take: the launch, a command, a page load
     * @param width      the window's width in CSS pixels
     * @param height     the window's height in CSS pixels
     * @param tempParent where the temporary profile folder goes
     */
    public record Options(Path binary, Duration timeout, int width, int height, Path tempParent) {
        /** Checks the values. */
        public Options {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(tempParent, "tempParent");
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            if (width < 100 || height < 100) throw new IllegalArgumentException("window must be at least 100×100, got " + width + "×" + height);
        }

        /** Chromium from the PATH, 10 s timeouts, a 1280×800 window, the profile under java.io.tmpdir. */
        public static Options defaults() {
            return new Options(null, Duration.ofSeconds(10), 1280, 800, Path.of(System.getProperty("java.io.tmpdir")));
        }

        /** These options with chromium at {@code binary}. */
        public Options withBinary(Path binary) {
            return new Options(binary, timeout, width, height, tempParent);
        }

        /** These options with {@code timeout} for every wait. */
        public Options withTimeout(Duration timeout) {
            return new Options(binary, timeout, width, height, tempParent);
        }

        /** These options with a {@code width}×{@code height} window. */
        public Options withWindow(int width, int height) {
            return new Options(binary, timeout, width, height, tempParent);
        }

        /** These options with the temporary profile folder under {@code tempParent}. */
        public Options withTempParent(Path tempParent) {
            return new Options(binary, timeout, width, height, tempParent);
        }
    }

    private Browser(Options options, Process process, Path home) {
        this.options = options;
        this.process = process;
        this.home = home;
        this.cleanupAtExit = new Thread(() -> kill(Duration.ZERO), "browser-cleanup");
    }

    /** Launches chromium with {@link Options#defaults()}. */
    public static Browser launch() {
        return launch(Options.defaults());
    }

    /**
     * Launches chromium with {@code options} and connects to it. Throws a {@link BrowserException}
     * naming scripts/install-browser if chromium is not installed, and one with chromium's own
     * output if it exits or does not open its DevTools port in time; nothing is left behind then.
     */
    public static Browser launch(Options options) {
        Path binary = options.binary() != null ? options.binary() : findOnPath();
        if (!Files.isExecutable(binary)) throw new BrowserException("chromium not found at " + binary + ": " + INSTALL_HINT);
        Path home;
        try {
            home = Files.createTempDirectory(options.tempParent(), "duet-browser-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not make chromium's temporary profile under " + options.tempParent(), e);
        }
        Path profile = home.resolve("profile");
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(FLAGS);
        command.add("--window-size=" + options.width() + "," + options.height());
        command.add("--user-data-dir=" + profile);
        command.add("about:blank");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                // To a file, not a pipe: nobody needs to drain it, and it is there to quote when chromium fails.
                .redirectOutput(home.resolve("chromium.log").toFile());
        // Chromium writes caches and crash reports under HOME and XDG folders: keep them in the temp folder too.
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        builder.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        // Every helper chromium starts inherits this: how kill finds them even after chromium died
        // and they were re-parented away from it.
        builder.environment().put(MARKER, home.toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            deleteTree(home);
            throw new BrowserException("could not start " + binary + " (" + e.getMessage() + "): " + INSTALL_HINT, e);
        }
        Browser browser = new Browser(options, process, home);
        Runtime.getRuntime().addShutdownHook(browser.cleanupAtExit);
        try {
            URI endpoint = browser.awaitDevToolsPort(profile);
            browser.cdp = Cdp.connect(endpoint, options.timeout(), browser::diagnosis);
            return browser;
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    /**
     * Opens a new tab, blank until {@link Page#open}, in a context of its own, as a private window
     * is: no cookies, storage, cache or history shared with any other page, so one test's session
     * or visited links never leak into the next.
     */
    public Page newPage() {
        if (closed) throw new BrowserException("cannot open a page: the browser was closed");
        noteFamily();
        String contextId = cdp.call(null, "Target.createBrowserContext", Map.of(), options.timeout())
                .path("browserContextId").asString();
        String targetId = cdp.call(null, "Target.createTarget", Map.of("url", "about:blank", "browserContextId", contextId),
                options.timeout()).path("targetId").asString();
        String sessionId = cdp.call(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true), options.timeout())
                .path("sessionId").asString();
        return new Page(cdp, contextId, targetId, sessionId, options);
    }

    /** Ends chromium and its helpers, and deletes its temporary profile. Safe to call twice. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        noteFamily();
        if (cdp != null) {
            try {
                // Asked politely, chromium ends its renderers itself; kill() below is for when it will not.
                cdp.call(null, "Browser.close", Map.of(), Duration.ofSeconds(2));
            } catch (BrowserException e) {
                // Already gone, or hung: kill ends it either way.
            }
            cdp.close();
        }
        kill(cdp != null ? Duration.ofSeconds(3) : Duration.ZERO);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        } catch (IllegalStateException e) {
            // The JVM is exiting: the hook is running or about to, and does what kill() just did.
        }
    }

    /** Chromium's process id. */
    long pid() {
        return process.pid();
    }

    /** The temporary folder with chromium's profile and log. */
    Path home() {
        return home;
    }

    /**
     * Ends the process tree, after giving it {@code grace} to exit by itself (it was asked to), and
     * deletes the temporary folder.
     */
    private synchronized void kill(Duration grace) {
        noteFamily();
        markedProcesses().filter(p -> !family.contains(p)).forEach(family::add);
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // Once more: a helper started after the last look, whose parent has died since.
        markedProcesses().filter(p -> !family.contains(p)).forEach(family::add);
        for (ProcessHandle p : family) p.destroyForcibly();
        // Before deleting the profile, which a helper still running could write into again.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (family.stream().anyMatch(Browser::running) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        deleteTree(home);
    }

    /**
     * The processes whose environment carries this browser's marker: chromium and every helper it
     * started, whoever their parent is now. Linux only (it reads /proc); elsewhere none, and the
     * descendants seen while chromium ran are all kill knows.
     */
    private Stream<ProcessHandle> markedProcesses() {
        byte[] marker = ("\0" + MARKER + "=" + home + "\0").getBytes(StandardCharsets.UTF_8);
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(dir -> {
                try {
                    byte[] environ = Files.readAllBytes(dir.resolve("environ"));
                    // Framed by NULs, so a longer name or value that merely contains it does not match.
                    byte[] framed = new byte[environ.length + 1];
                    framed[0] = 0;
                    System.arraycopy(environ, 0, framed, 1, environ.length);
                    if (indexOf(framed, marker) >= 0) ProcessHandle.of(Long.parseLong(dir.getFileName().toString())).ifPresent(found::add);
                } catch (IOException | UncheckedIOException e) {
                    // Gone meanwhile, or another user's: not ours either way.
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return Stream.empty();
        }
        return found.stream();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    /**
     * Whether {@code p} still runs. A zombie does not: it has exited and holds no files, only its
     * exit status waits to be collected. That matters here, as chromium's helpers outlive it as
     * zombies until the container's init reaps them, which can take seconds, and
     * {@link ProcessHandle#isAlive} counts them as alive meanwhile.
     */
    static boolean running(ProcessHandle p) {
        if (!p.isAlive()) return false;
        Path stat = Path.of("/proc", Long.toString(p.pid()), "stat");
        try {
            String line = Files.readString(stat);
            // "pid (command) S ...": the state follows the command, which may itself hold spaces or ')'.
            int end = line.lastIndexOf(')');
            return end < 0 || end + 2 >= line.length() || line.charAt(end + 2) != 'Z';
        } catch (IOException e) {
            return Files.isDirectory(Path.of("/proc", "self")) ? false : p.isAlive(); // no /proc: not Linux, trust isAlive
        }
    }

    private synchronized void noteFamily() {
        if (process.isAlive()) process.descendants().filter(p -> !family.contains(p)).forEach(family::add);
    }

    private URI awaitDevToolsPort(Path profile) {
        // With --remote-debugging-port=0 chromium picks a free port and writes it, with the
        // socket's path, to DevToolsActivePort in the profile: no port to guess, no race for one.
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (true) {
            try {
                if (Files.isRegularFile(portFile)) {
                    List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                    // It may be caught half-written: both lines or try again.
                    if (lines.size() >= 2 && lines.get(0).matches("\\d+") && lines.get(1).startsWith("/devtools/")) {
                        noteFamily();
                        return URI.create("ws://127.0.0.1:" + lines.get(0) + lines.get(1));
                    }
                }
            } catch (IOException e) {
                // Being written right now: read it again on the next round.
            }
            if (!process.isAlive()) {
                throw new BrowserException("chromium exited with code " + process.exitValue()
                        + " before it opened its DevTools port" + outputTail());
            }
            if (System.nanoTime() > deadline) {
                throw new BrowserException("chromium did not open its DevTools port within " + Cdp.human(options.timeout())
                        + outputTail());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrowserException("interrupted while waiting for chromium to start");
            }
        }
    }

    /** For a message once the connection is lost: whether chromium exited, and what it printed last. */
    private String diagnosis() {
        String state = process.isAlive() ? "; chromium is still running" : "; chromium exited with code " + process.exitValue();
        return state + outputTail();
    }

    /** Chromium's last lines of output, for a message; without the D-Bus complaints every container run prints. */
    private String outputTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("chromium.log"), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.contains(":ERROR:dbus/") && !l.isBlank())
                    .toList();
            if (lines.isEmpty()) return "";
            return "; its last output:\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static Path findOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) continue;
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) return candidate;
            }
        }
        throw new BrowserException("no chromium on this machine (looked for chromium and chromium-browser on the PATH): " + INSTALL_HINT);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        // Chromium may still be flushing a file as it exits: a second pass catches what the first could not delete.
        for (int attempt = 0; attempt < 3 && Files.exists(root); attempt++) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // Retried on the next pass.
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // A file vanished while walking: walk again.
            }
        }
    }
}
