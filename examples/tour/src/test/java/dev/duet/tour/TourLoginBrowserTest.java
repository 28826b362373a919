package dev.duet.tour;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Secrets;
import dev.duet.db.DbConfig;
import dev.duet.tour.browser.Browser;
import dev.duet.tour.browser.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tour's sign-up and login in a real headless chromium, on Netty: what a visitor types, sees
 * and is led to, the CSRF field and the session cookie handled by the browser itself. Without
 * chromium these tests fail, naming scripts/install-browser.
 */
class TourLoginBrowserTest {
    private static App app;
    private static String base;
    private static Browser browser;
    private Page page;

    @BeforeAll
    static void startTourAndBrowser() {
        app = Tour.build(App.create(Config.builder().host("127.0.0.1").port(0).secrets(Secrets.of(TourLoginTest.KEY)).build()),
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

    private void signUp(String name, String email, String password, String again) {
        page.open(base + "/signup");
        page.fill("form.account input[name=name]", name);
        page.fill("form.account input[name=email]", email);
        page.fill("form.account input[name=password]", password);
        page.fill("form.account input[name=password2]", again);
        page.clickAndWait("form.account button[type=submit]");
    }

    @Test
    void signUpSeeTheWelcomeLogOutThenFailALoginAndSeeWhyBesideTheField() {
        signUp("Grace Hopper", "grace@example.com", "cobol forever", "cobol forever");
        assertThat(page.url()).as("the POST redirected (303) to /me").isEqualTo(base + "/me");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text("p.flash.success")).isEqualTo("Welcome, Grace Hopper");
        assertThat(page.text("h1")).isEqualTo("Grace Hopper");

        page.clickAndWait("form.logout button[type=submit]");
        assertThat(page.url()).isEqualTo(base + "/login");

        page.fill("form.account input[name=email]", "grace@example.com");
        page.fill("form.account input[name=password]", "fortran forever");
        page.clickAndWait("form.account button[type=submit]");
        assertThat(page.status()).isEqualTo(422);
        assertThat(page.text("#password-errors")).isEqualTo("Wrong email or password");
        assertThat(page.evaluate("document.querySelector('#password-errors').previousElementSibling.name").asString())
                .as("the error sits right after the password input").isEqualTo("password");
        assertThat(page.evaluate("document.querySelector('input[name=email]').value").asString())
                .as("the email is kept").isEqualTo("grace@example.com");
        assertThat(page.evaluate("document.querySelector('input[name=password]').value").asString())
                .as("the password is not").isEmpty();
        assertThat(page.scriptErrors()).isEmpty();
    }

    @Test
    void anAnonymousVisitorToMeLogsInAndIsLedBack() {
        signUp("Ada Lovelace", "ada@example.com", "analytical engine", "analytical engine");
        page.clickAndWait("form.logout button[type=submit]");

        page.open(base + "/me");
        assertThat(page.url()).isEqualTo(base + "/login?next=/me");
        page.fill("form.account input[name=email]", "ada@example.com");
        page.fill("form.account input[name=password]", "analytical engine");
        page.clickAndWait("form.account button[type=submit]");
        assertThat(page.url()).isEqualTo(base + "/me");
        assertThat(page.text("p.flash.success")).isEqualTo("Welcome, Ada Lovelace");
    }

    @Test
    void aSignUpWithMistakesShowsEachErrorBesideItsField() {
        signUp("", "not-an-email", "short", "other");
        assertThat(page.status()).isEqualTo(422);
        assertThat(page.url()).isEqualTo(base + "/signup");
        assertThat(page.text("#name-errors")).isEqualTo("is required");
        assertThat(page.text("#email-errors")).isEqualTo("must be an email address");
        assertThat(page.text("#password-errors")).isEqualTo("must be at least 8 characters");
        assertThat(page.count(".field.invalid")).isEqualTo(3);
        assertThat(page.evaluate("document.querySelector('input[name=email]').value").asString()).isEqualTo("not-an-email");
    }

    @Test
    void theChatShowsASignedInUsersNameInTheOtherTab() {
        signUp("Ada Chat", "ada.chat@example.com", "correct horse", "correct horse");
        assertThat(page.url()).isEqualTo(base + "/me");
        Page other = browser.newPage(); // a tab of its own cookies: a visitor not signed in
        try {
            page.open(base + "/");
            other.open(base + "/");
            String ready = "new Promise(r => { const t = setInterval(() => { if (document.getElementById('chat-form').dataset.ready"
                    + " === 'true' && document.getElementById('chat-count').textContent === '2') { clearInterval(t); r(true); } }, 50);"
                    + " setTimeout(() => r(false), 8000); })";
            assertThat(page.evaluate(ready).asBoolean()).as("both pages in the room").isTrue();
            page.fill("#chat-input", "hello from Ada");
            page.click("#chat-form button[type=submit]");
            boolean seen = other.evaluate("new Promise(r => { const t = setInterval(() => { if (document.getElementById('chat-log')"
                    + ".textContent.includes('hello from Ada')) { clearInterval(t); r(true); } }, 50);"
                    + " setTimeout(() => r(false), 8000); })").asBoolean();
            assertThat(seen).as("the other tab shows the message").isTrue();
            assertThat(other.text("#chat-log")).as("named by the account, not as a guest").isEqualTo("Ada Chat: hello from Ada");
            assertThat(page.scriptErrors()).isEmpty();
            assertThat(other.scriptErrors()).isEmpty();
        } finally {
            other.close();
        }
    }
}
