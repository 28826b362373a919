package dev.duet.tour.browser;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.HttpError;
import dev.duet.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The browser client itself, on a small app made for it: each thing a test does in a browser
 * (open, read, fill, click, submit, evaluate, screenshot), and each way it can go wrong, with the
 * message it gives. One chromium serves the class; the tests about launching and ending chromium
 * start their own.
 */
class BrowserTest {
    private static App app;
    private static String base;
    private static Browser browser;
    /** The notes the form posted, in order, as the server received them. */
    private static final List<String> notes = new CopyOnWriteArrayList<>();

    private Page page;

    @BeforeAll
    static void startAppAndBrowser() {
        // The fixture pages test the harness with inline scripts, styles and onclick handlers, which
        // the default Content-Security-Policy refuses (docs/security.md): no policy for them.
        app = App.create(Config.builder().host("127.0.0.1").port(0).shutdownGrace(Duration.ofSeconds(1))
                .contentSecurityPolicy("").build());
        app.get("/form", req -> Response.html(FORM));
        app.post("/notes", req -> {
            String note = req.form("note");
            if (note == null || note.isBlank()) throw new HttpError(400, "a note needs some text");
            notes.add(note + " | " + req.form("color") + " | " + req.form("more"));
            return Response.redirect("/notes/" + notes.size());
        });
        app.get("/notes/{n:int}", req -> {
            int n = req.pathInt("n");
            if (n < 1 || n > notes.size()) throw new HttpError(404, "no note " + n);
            String[] parts = notes.get(n - 1).split(" \\| ", -1);
            return Response.html(page("Note " + n, "<h1>" + escape(parts[0]) + "</h1><p id=color>" + escape(parts[1])
                    + "</p><pre id=more>" + escape(parts[2]) + "</pre>"));
        });
        app.get("/plain", req -> Response.html(page("Plain", "<h1>Just a page</h1>")));
        app.get("/slow", req -> {
            Thread.sleep(3_000);
            return Response.html(page("Slow", "<h1>Finally</h1>"));
        });
        app.get("/slow-image", req -> Response.html(page("Slow image", "<h1>Waiting</h1><img src=\"/slow\" alt=\"\">")));
        app.get("/broken-script", req -> Response.html(page("Broken", "<script>undefinedFunction()</script><h1>Still here</h1>")));
        app.get("/long", req -> Response.html(page("Long", "<div style=\"height:3000px;background:linear-gradient(#fff,#9cf)\">tall</div>")));
        app.start();
        base = "http://127.0.0.1:" + app.port();
        browser = Browser.launch();
    }

    @AfterAll
    static void stopBrowserAndApp() {
        try {
            if (browser != null) browser.close();
        } finally {
            if (app != null) app.stop();
        }
    }

    @BeforeEach
    void newPage() {
        page = browser.newPage();
    }

    @AfterEach
    void closePage() {
        page.close();
    }

    private static final String FORM = page("The form", """
            <h1>Add a note</h1>
            <form class="add" method="post" action="/notes">
              <input name="note" required>
              <select name="color"><option value="red">Red</option><option value="blue">Blue</option></select>
              <textarea name="more">placeholder text</textarea>
              <input type="checkbox" name="sure">
              <input name="locked" value="fixed" readonly>
              <input name="off" disabled>
              <button type="submit">Add</button>
            </form>
            <p><a id="next" href="/plain">next page</a></p>
            <p id="said">nothing yet</p>
            <button id="say" onclick="document.getElementById('said').textContent = 'clicked'">say</button>
            <button id="hidden" style="display:none">hidden</button>
            <div style="position:relative"><button id="under">under</button>
              <div id="overlay" style="position:absolute;inset:0;background:#fff"></div></div>
            """);

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>" + body + "</body></html>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ---- reading a page ----

    @Test
    void opensAPageAndReadsItsTitleTextUrlAndStatus() {
        page.open(base + "/plain");
        assertThat(page.title()).isEqualTo("Plain");
        assertThat(page.text("h1")).isEqualTo("Just a page");
        assertThat(page.text()).isEqualTo("Just a page");
        assertThat(page.url()).isEqualTo(base + "/plain");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.count("h1")).isEqualTo(1);
        assertThat(page.count("table")).isZero();
    }

    @Test
    void anErrorStatusIsAPageLikeAnyOtherWithItsStatus() {
        page.open(base + "/notes/999");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.text()).contains("no note 999");
    }

    @Test
    void aBlankPageHasNoStatus() {
        assertThat(page.url()).isEqualTo("about:blank");
        assertThat(page.status()).isZero();
    }

    @Test
    void openingAUrlNoServerAnswersFailsNamingTheNetworkError() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/";
        assertThatThrownBy(() -> page.open(url))
                .isInstanceOf(BrowserException.class)
                .hasMessage("could not open " + url + ": net::ERR_CONNECTION_REFUSED");
    }

    @Test
    void aPageSlowerThanTheTimeoutFailsNamingTheUrlAndTheTimeout() {
        page.timeout(Duration.ofMillis(500));
        assertThatThrownBy(() -> page.open(base + "/slow"))
                .isInstanceOf(BrowserException.class)
                .hasMessage("opening " + base + "/slow did not load within 500 ms (no response yet)");
    }

    @Test
    void aPageWhosePartsAreSlowerThanTheTimeoutFailsNamingTheUrlAndTheTimeout() {
        // Long enough for the HTML to come on a busy machine, short of the 3 s its image takes.
        page.timeout(Duration.ofMillis(1500));
        assertThatThrownBy(() -> page.open(base + "/slow-image"))
                .isInstanceOf(BrowserException.class)
                .hasMessage("opening " + base + "/slow-image did not load within 1.5 s (the page shows " + base + "/slow-image)");
    }

    @Test
    void readingTheTextOfNothingFailsNamingTheSelectorAndThePage() {
        page.open(base + "/plain");
        assertThatThrownBy(() -> page.text("#nope"))
                .isInstanceOf(BrowserException.class)
                .hasMessage("no element matches '#nope' (on " + base + "/plain)");
    }

    @Test
    void aSelectorThatIsNotCssFailsSayingSo() {
        page.open(base + "/plain");
        assertThatThrownBy(() -> page.text("h1[")).isInstanceOf(BrowserException.class)
                .hasMessageContaining("'h1[' is not a valid selector");
    }

    @Test
    void eachPageHasItsOwnCookiesAndStorage() {
        page.open(base + "/plain");
        page.evaluate("document.cookie = 'session=abc'; localStorage.setItem('k', 'v')");
        assertThat(page.evaluate("document.cookie").asString()).isEqualTo("session=abc");
        try (Page other = browser.newPage()) {
            other.open(base + "/plain");
            assertThat(other.evaluate("document.cookie").asString()).isEmpty();
            assertThat(other.evaluate("localStorage.getItem('k')").isNull()).isTrue();
        }
    }

    @Test
    void aClosedPageSaysSo() {
        Page other = browser.newPage();
        other.close();
        other.close(); // twice is fine
        assertThatThrownBy(other::title).isInstanceOf(BrowserException.class)
                .hasMessage("cannot Runtime.evaluate: the page was closed");
        assertThatThrownBy(() -> other.open(base + "/plain")).isInstanceOf(BrowserException.class)
                .hasMessage("cannot open " + base + "/plain: the page was closed");
    }

    // ---- evaluating JavaScript ----

    @Test
    void evaluateReturnsTheValueAsJsonAndAwaitsPromises() {
        page.open(base + "/plain");
        assertThat(page.evaluate("1 + 2").asInt()).isEqualTo(3);
        JsonNode list = page.evaluate("[...'abc'].map(c => c.toUpperCase())");
        assertThat(list.isArray()).isTrue();
        assertThat(list.toString()).isEqualTo("[\"A\",\"B\",\"C\"]");
        assertThat(page.evaluate("({a: {b: [true, null]}})").toString()).isEqualTo("{\"a\":{\"b\":[true,null]}}");
        assertThat(page.evaluate("new Promise(r => setTimeout(() => r('later'), 20))").asString()).isEqualTo("later");
        assertThat(page.evaluate("undefined").isNull()).isTrue();
    }

    @Test
    void aScriptThatThrowsFailsQuotingTheErrorAndTheScript() {
        page.open(base + "/plain");
        assertThatThrownBy(() -> page.evaluate("(() => { throw new TypeError('boom'); })()"))
                .isInstanceOf(BrowserException.class)
                .hasMessage("the script threw TypeError: boom on " + base + "/plain\n  script: (() => { throw new TypeError('boom'); })()");
        assertThatThrownBy(() -> page.evaluate("Promise.reject(new Error('no'))"))
                .isInstanceOf(BrowserException.class).hasMessageStartingWith("the script threw Error: no on ");
    }

    @Test
    void uncaughtErrorsOfThePagesOwnScriptsAreCollected() {
        page.open(base + "/broken-script");
        assertThat(page.text("h1")).isEqualTo("Still here");
        assertThat(page.scriptErrors()).singleElement().asString()
                .isEqualTo("ReferenceError: undefinedFunction is not defined");
    }

    @Test
    void dialogsAreAcceptedAsAUserClickingOkWouldAndRemembered() {
        page.open(base + "/plain");
        assertThat(page.evaluate("alert('saved'); confirm('really?') ? 'yes' : 'no'").asString()).isEqualTo("yes");
        assertThat(page.dialogs()).containsExactly("alert: saved", "confirm: really?");
    }

    // ---- forms, clicks and the pages they lead to ----

    @Test
    void fillingAndSubmittingAFormFollowsItsRedirectToTheNewPage() {
        // snippet: browser-form
        page.open(base + "/form");
        String note = "Zoë's <b>bold</b> & \"quoted\" 💡";
        page.fill("input[name=note]", note);
        page.fill("select[name=color]", "blue");
        page.fill("textarea[name=more]", "line one\nline two");
        page.submit("form.add");           // posts, follows the 303, waits for the new page to load
        int n = notes.size();
        assertThat(page.url()).isEqualTo(base + "/notes/" + n);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.title()).isEqualTo("Note " + n);
        assertThat(page.text("h1")).isEqualTo(note);
        // end snippet
        assertThat(page.text("#color")).isEqualTo("blue");
        assertThat(notes.get(n - 1)).isEqualTo(note + " | blue | line one\r\nline two"); // browsers send CRLF, as HTML says
    }

    @Test
    void fillReplacesWhatTheFieldHeldAndCanEmptyIt() {
        page.open(base + "/form");
        page.fill("textarea[name=more]", "new");
        assertThat(page.evaluate("document.querySelector('textarea').value").asString()).isEqualTo("new");
        page.fill("textarea[name=more]", "");
        assertThat(page.evaluate("document.querySelector('textarea').value").asString()).isEmpty();
    }

    @Test
    void clickingTheSubmitButtonPostsTheFormToo() {
        page.open(base + "/form");
        page.fill("input[name=note]", "by button");
        page.clickAndWait("button[type=submit]");
        assertThat(page.text("h1")).isEqualTo("by button");
        assertThat(page.url()).isEqualTo(base + "/notes/" + notes.size());
    }

    @Test
    void clickAndWaitFollowsALink() {
        page.open(base + "/form");
        page.clickAndWait("#next");
        assertThat(page.url()).isEqualTo(base + "/plain");
        assertThat(page.title()).isEqualTo("Plain");
        assertThat(page.status()).isEqualTo(200);
    }

    @Test
    void clickRunsThePagesOwnHandlers() {
        page.open(base + "/form");
        page.click("#say");
        assertThat(page.text("#said")).isEqualTo("clicked");
    }

    @Test
    void submittingAFormTheBrowserFindsInvalidFailsNamingTheField() {
        page.open(base + "/form");
        int before = notes.size();
        assertThatThrownBy(() -> page.submit("form.add"))
                .isInstanceOf(BrowserException.class)
                .hasMessage("the form form.add is not valid: <input name=note>: Please fill out this field. (on " + base + "/form)");
        assertThat(notes).hasSize(before);
    }

    @Test
    void submittingWhatIsNoFormFailsSayingWhatItIs() {
        page.open(base + "/form");
        assertThatThrownBy(() -> page.submit("#said")).isInstanceOf(BrowserException.class)
                .hasMessage("<p#said> is not a form (on " + base + "/form)");
        assertThatThrownBy(() -> page.submit("form.other")).isInstanceOf(BrowserException.class)
                .hasMessage("no element matches 'form.other' (on " + base + "/form)");
    }

    @Test
    void aClickThatLeadsNowhereFailsAfterTheTimeoutNamingTheClick() {
        page.open(base + "/form");
        page.timeout(Duration.ofMillis(300));
        assertThatThrownBy(() -> page.clickAndWait("#say"))
                .isInstanceOf(BrowserException.class)
                .hasMessage("the page that clicking #say leads to did not load within 300 ms (the page shows " + base + "/form)");
    }

    @Test
    void fillingWhatCannotBeTypedIntoFailsSayingWhy() {
        page.open(base + "/form");
        String on = " (on " + base + "/form)";
        assertThatThrownBy(() -> page.fill("#nope", "x")).hasMessage("no element matches '#nope'" + on);
        assertThatThrownBy(() -> page.fill("#said", "x")).hasMessage("<p#said> is not a field one types into" + on);
        assertThatThrownBy(() -> page.fill("input[name=sure]", "x")).hasMessage("<input name=sure> is not a field one types into" + on);
        assertThatThrownBy(() -> page.fill("input[name=off]", "x")).hasMessage("<input name=off> is disabled" + on);
        assertThatThrownBy(() -> page.fill("input[name=locked]", "x")).hasMessage("<input name=locked> is read-only" + on);
        assertThatThrownBy(() -> page.fill("select[name=color]", "green")).hasMessage("<select name=color> has no option 'green'" + on);
    }

    @Test
    void clickingWhatAUserCouldNotClickFailsSayingWhy() {
        page.open(base + "/form");
        String on = " (on " + base + "/form)";
        assertThatThrownBy(() -> page.click("#nope")).isInstanceOf(BrowserException.class).hasMessage("no element matches '#nope'" + on);
        assertThatThrownBy(() -> page.click("#hidden")).hasMessage("<button#hidden> is not visible" + on);
        assertThatThrownBy(() -> page.click("#under")).hasMessage("<button#under> is covered by <div#overlay>" + on);
    }

    // ---- screenshots ----

    @Test
    void aScreenshotIsAPngOfTheWholePage(@TempDir Path dir) throws IOException {
        page.open(base + "/long");
        Path png = page.screenshot(dir.resolve("shots/long.png"));
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        ByteBuffer header = ByteBuffer.wrap(bytes, 16, 8); // IHDR: width, height, big-endian
        assertThat(header.getInt()).isEqualTo(1280);
        assertThat(header.getInt()).isGreaterThanOrEqualTo(3000).isLessThan(3100);
    }

    // ---- launching and ending chromium ----

    @Test
    void withoutChromiumLaunchFailsNamingTheInstallScript(@TempDir Path temp) throws IOException {
        assertThatThrownBy(() -> Browser.launch(Browser.Options.defaults().withBinary(temp.resolve("no-chromium")).withTempParent(temp)))
                .isInstanceOf(BrowserException.class)
                .hasMessage("chromium not found at " + temp.resolve("no-chromium")
                        + ": run scripts/install-browser (./duet services runs it too) to install Debian's chromium");
        assertThat(children(temp)).isEmpty();
    }

    @Test
    void aChromiumThatExitsAtOnceFailsQuotingItsOutputAndLeavesNothing(@TempDir Path temp) throws IOException {
        Path fake = script(temp, "exits", "echo 'chromium: cannot open display' >&2\nexit 3");
        Path profiles = Files.createDirectory(temp.resolve("profiles"));
        assertThatThrownBy(() -> Browser.launch(Browser.Options.defaults().withBinary(fake).withTempParent(profiles)))
                .isInstanceOf(BrowserException.class)
                .hasMessage("chromium exited with code 3 before it opened its DevTools port; its last output:\n"
                        + "  chromium: cannot open display");
        assertThat(children(profiles)).isEmpty();
    }

    @Test
    void aChromiumThatNeverOpensItsPortIsKilledAfterTheTimeout(@TempDir Path temp) throws Exception {
        Path pidFile = temp.resolve("pid");
        Path fake = script(temp, "hangs", "echo $$ > " + pidFile + "\nexec sleep 60");
        Path profiles = Files.createDirectory(temp.resolve("profiles"));
        assertThatThrownBy(() -> Browser.launch(Browser.Options.defaults().withBinary(fake).withTempParent(profiles)
                .withTimeout(Duration.ofSeconds(1))))
                .isInstanceOf(BrowserException.class)
                .hasMessage("chromium did not open its DevTools port within 1 s");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("the hung process").isNotEqualTo(java.util.Optional.of(true));
        assertThat(children(profiles)).isEmpty();
    }

    @Test
    void closingEndsChromiumAndEveryHelperAndDeletesTheProfile(@TempDir Path temp) throws Exception {
        Browser own = Browser.launch(Browser.Options.defaults().withTempParent(temp));
        List<ProcessHandle> processes;
        try (Page p = own.newPage()) {
            p.open(base + "/plain"); // a renderer is running now
            ProcessHandle chromium = ProcessHandle.of(own.pid()).orElseThrow();
            processes = Stream.concat(Stream.of(chromium), chromium.descendants()).toList();
            assertThat(processes.size()).as("chromium and its helpers").isGreaterThan(2);
            assertThat(own.home()).isDirectory();
        }
        own.close();
        own.close(); // twice is fine
        for (ProcessHandle p : processes) {
            assertThat(Browser.running(p)).as("process %d %s", p.pid(), p.info().commandLine().orElse("")).isFalse();
        }
        assertThat(children(temp)).isEmpty();
        assertThatThrownBy(own::newPage).isInstanceOf(BrowserException.class).hasMessage("cannot open a page: the browser was closed");
    }

    @Test
    void whenChromiumDiesMidTestTheNextCallSaysSoAndCloseStillCleansUp(@TempDir Path temp) throws Exception {
        Browser own = Browser.launch(Browser.Options.defaults().withTempParent(temp));
        Page p = own.newPage();
        p.open(base + "/plain");
        ProcessHandle chromium = ProcessHandle.of(own.pid()).orElseThrow();
        List<ProcessHandle> helpers = chromium.descendants().toList();
        chromium.destroyForcibly();
        chromium.onExit().get(5, TimeUnit.SECONDS);
        assertThatThrownBy(p::title)
                .isInstanceOf(BrowserException.class)
                .hasMessageStartingWith("cannot Runtime.evaluate: ")
                .hasMessageContaining("; chromium exited with code 137");
        p.close();
        own.close();
        for (ProcessHandle h : helpers) assertThat(Browser.running(h)).as("helper %d", h.pid()).isFalse();
        assertThat(children(temp)).isEmpty();
    }

    /** What {@link #aJvmThatExitsWithoutClosingTheBrowserStillCleansUp} runs in a JVM of its own. */
    static final class LeftOpen {
        public static void main(String[] args) {
            Browser browser = Browser.launch(Browser.Options.defaults().withTempParent(Path.of(args[0])));
            Page page = browser.newPage();
            page.open("about:blank");
            ProcessHandle chromium = ProcessHandle.of(browser.pid()).orElseThrow();
            Stream.concat(Stream.of(chromium), chromium.descendants()).forEach(p -> System.out.println(p.pid()));
            // Exits with chromium running and neither page nor browser closed, as a test that fails in @BeforeAll may.
        }
    }

    @Test
    void aJvmThatExitsWithoutClosingTheBrowserStillCleansUp(@TempDir Path temp) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LeftOpen.class.getName(), temp.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(jvm.getInputStream().readAllBytes());
        assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).as("the JVM exits").isTrue();
        assertThat(jvm.exitValue()).isZero();
        List<Long> pids = out.lines().map(Long::parseLong).toList();
        assertThat(pids.size()).as("chromium and its helpers").isGreaterThan(2);
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> assertThat(Browser.running(p)).as("process %d", pid).isFalse());
        }
        assertThat(children(temp)).isEmpty();
    }

    private static Path script(Path dir, String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().startsWith("duet-browser-")).toList();
        }
    }
}
