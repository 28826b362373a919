package dev.duet.tour;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.HttpMethod;
import dev.duet.db.DbConfig;
import dev.duet.tour.browser.Browser;
import dev.duet.tour.browser.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tour's pages in a real headless chromium, on the tour served by Netty as {@code ./duet demo}
 * serves it: what a visitor sees, clicks and is led to. One chromium for the class (it takes a
 * second to start), a fresh tab for each test. Without chromium these tests fail, naming
 * scripts/install-browser.
 */
class TourBrowserTest {
    /** Where the home page's picture goes on every run; docs/images gets it only when asked (see {@link #screenshotOfTheHomePage}). */
    private static final Path SCREENSHOT = Path.of("target/screenshots/tour-home.png");

    // snippet: browser-setup
    private static App app;
    private static String base;
    private static Browser browser;   // one chromium for the class: it takes a second to start
    private Page page;                // a fresh tab for each test, with cookies of its own

    @BeforeAll
    static void startTourAndBrowser() {
        app = Tour.build(App.create(Config.builder().host("127.0.0.1").port(0).build()),
                DbConfig.builder().url("sqlite::memory:").build()).start();
        base = "http://127.0.0.1:" + app.port();
        browser = Browser.launch();
    }

    @AfterAll
    static void stopBrowserAndTour() {
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
    // end snippet

    @Test
    void theHomePageLinksToEveryTourRouteAVisitorCanOpen() {
        page.open(base + "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.title()).isEqualTo("The Duet tour");
        assertThat(page.text("h1")).isEqualTo("The Duet tour");
        List<String> links = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
                .valueStream().map(n -> n.asString()).toList();
        List<String> getRoutes = Tour.STOPS.stream().filter(s -> s.method() == HttpMethod.GET).map(Tour.Stop::example).toList();
        assertThat(links).containsAll(getRoutes);
        assertThat(page.scriptErrors()).isEmpty();
    }

    @Test
    void theStreamsPageSeesServerSentEventsArriveInTheBrowser() {
        page.open(base + "/streams");
        assertThat(page.status()).isEqualTo(200);
        // Resolves once two ticks of /events and the result of /progress/6 have reached the page's EventSources.
        boolean arrived = page.evaluate("""
                new Promise(done => {
                  const check = setInterval(() => {
                    if (Number(document.getElementById('ticks').textContent) >= 2 && document.getElementById('result').textContent) {
                      clearInterval(check);
                      done(true);
                    }
                  }, 50);
                })""").asBoolean();
        assertThat(arrived).isTrue();
        assertThat(page.text("#tick")).matches("tick \\d+");
        assertThat(page.evaluate("document.getElementById('bar').value").asInt()).isEqualTo(100);
        assertThat(page.text("#result")).contains("\"count\":1000000");
        assertThat(page.scriptErrors()).as("the page's script ran under the CSP, with its nonce").isEmpty();
    }

    @Test
    void twoPagesChatOverTheWebSocketWhatOneSendsTheOtherSees() {
        Page other = browser.newPage();
        try {
            page.open(base + "/");
            other.open(base + "/");
            String ready = "new Promise(r => { const t = setInterval(() => { if (document.getElementById('chat-form').dataset.ready"
                    + " === 'true' && document.getElementById('chat-count').textContent === '2') { clearInterval(t); r(true); } }, 50);"
                    + " setTimeout(() => r(false), 10000); })";
            assertThat(page.evaluate(ready).asBoolean()).as("both pages in the room").isTrue();
            page.fill("#chat-input", "hello from the first tab");
            page.click("#chat-form button[type=submit]");
            boolean seen = other.evaluate("new Promise(r => { const t = setInterval(() => { if (document.getElementById('chat-log')"
                    + ".textContent.includes('hello from the first tab')) { clearInterval(t); r(true); } }, 50);"
                    + " setTimeout(() => r(false), 10000); })").asBoolean();
            assertThat(seen).as("the other tab shows the message").isTrue();
            assertThat(other.text("#chat-log")).matches("guest \\d+: hello from the first tab");
            assertThat(page.scriptErrors()).isEmpty();
            assertThat(other.scriptErrors()).isEmpty();
        } finally {
            other.close();
        }
    }

    @Test
    void underTheDefaultContentSecurityPolicyTheStylesheetAppliesAndAnInjectedScriptDoesNot() {
        page.open(base + "/");
        assertThat(page.evaluate("getComputedStyle(document.querySelector('form.add-user')).display").asString())
                .as("tour.css (same origin) is allowed by the CSP").isEqualTo("flex");
        assertThat(page.evaluate("document.querySelector('form.add-user input[type=hidden][name=_csrf]').value").asString())
                .as("the form carries its CSRF token").isNotBlank();
        boolean ran = page.evaluate("(() => { const s = document.createElement('script'); s.textContent = 'window.injected = true';"
                + " document.head.appendChild(s); return window.injected === true; })()").asBoolean();
        assertThat(ran).as("an inline script without the nonce is blocked").isFalse();
    }

    @Test
    void theFormOnTheHomePageAddsAUserAndLeadsToItsProfile() {
        page.open(base + "/");
        page.fill("form.add-user input[name=name]", "Grace Hopper");
        page.fill("form.add-user input[name=email]", "grace@example.com");
        page.clickAndWait("form.add-user button[type=submit]");

        assertThat(page.url()).as("the POST redirected (303) to the new profile").matches(base.replace(".", "\\.") + "/profile\\?id=\\d+");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text("h1")).isEqualTo("Grace Hopper");
        assertThat(page.text("dl.profile")).contains("grace@example.com");
        assertThat(page.title()).isEqualTo("Grace Hopper - The Duet tour");

        page.clickAndWait("main a[href='/']");
        assertThat(page.text("ul.users")).contains("Grace Hopper");
        assertThat(page.scriptErrors()).isEmpty();
    }

    @Test
    void aFileChosenInTheUploadFormIsStreamedToTheServerWhichAnswersItsSha256(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17]; // well over the memory threshold: the server writes it to disk
        new java.util.Random(42).nextBytes(content);
        Path file = Files.write(dir.resolve("r\u00e9sum\u00e9.bin"), content);
        page.open(base + "/upload");
        assertThat(page.status()).isEqualTo(200);
        page.chooseFiles("form.upload input[type=file]", file);
        assertThat(page.evaluate("document.querySelector('form.upload input[type=file]').files[0].size").asLong())
                .isEqualTo(content.length);
        page.submit("form.upload");

        assertThat(page.url()).isEqualTo(base + "/upload");
        assertThat(page.status()).isEqualTo(200);
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(page.text()).isEqualTo("{\"name\":\"r\u00e9sum\u00e9.bin\",\"size\":" + content.length
                + ",\"sha256\":\"" + sha256 + "\"}");
        assertThat(page.scriptErrors()).isEmpty();
    }

    @Test
    void theStylesheetAndTheLogoComeFromStaticFiles() {
        page.open(base + "/");
        assertThat(page.evaluate("getComputedStyle(document.querySelector('header')).borderBottomStyle").asString())
                .as("tour.css applied").isEqualTo("solid");
        assertThat(page.evaluate("document.querySelector('header img').naturalWidth").asInt())
                .as("duet.svg loaded").isGreaterThan(0);
    }

    @Test
    void anUnknownProfileIsTheProfilePagesOwn404() {
        page.open(base + "/profile?id=987654321");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.text("h1")).isEqualTo("User not found");
        assertThat(page.text("main")).contains("no user with id 987654321");
    }

    @Test
    void followingALinkOpensThatRoute() {
        page.open(base + "/");
        page.clickAndWait("a[href='/check']");
        assertThat(page.url()).isEqualTo(base + "/check");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).isEqualTo("OK");
    }

    @Test
    void aUserAddedThroughTheApiShowsUpBehindTheUsersLink() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> added = http.send(HttpRequest.newBuilder(URI.create(base + "/add-user"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Ada Lovelace\", \"email\": \"ada@example.com\"}"))
                            .timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        }
        page.open(base + "/");
        page.clickAndWait("a[href='/users']");
        assertThat(page.url()).isEqualTo(base + "/users");
        assertThat(page.text()).contains("\"name\":\"Ada Lovelace\"").contains("\"email\":\"ada@example.com\"");
    }

    @Test
    void anUnknownUrlShowsTheTourNotFoundPageWhichLeadsBackHome() {
        page.open(base + "/no/such/page");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.text("h1")).isEqualTo("Not on the tour");
        page.clickAndWait("a[href='/']");
        assertThat(page.url()).isEqualTo(base + "/");
        assertThat(page.title()).isEqualTo("The Duet tour");
    }

    /**
     * Saves the home page's picture to target/screenshots on every run. The copy in the docs,
     * docs/images/tour-home.png, is written when it is missing or with
     * {@code -Dduet.screenshots=update}: every run's picture differs a little (the page shows the
     * server's port), and a test run should not leave the working tree changed.
     */
    @Test
    void screenshotOfTheHomePage() throws IOException {
        page.open(base + "/");
        Path png = page.screenshot(SCREENSHOT);
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        assertThat(bytes.length).as("a PNG of a page full of text").isGreaterThan(10_000);
        Path docs = dev.duet.conformance.DocSnippets.projectRoot().resolve("docs/images/tour-home.png");
        if (!Files.exists(docs) || "update".equals(System.getProperty("duet.screenshots"))) {
            Files.createDirectories(docs.getParent());
            Files.copy(png, docs, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
