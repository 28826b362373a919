package dev.duet;

import dev.duet.pagecontext.Greeting;
import dev.duet.test.TestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code pages(package, context)}: how a page reaches the app's services without global state. */
class PageContextTest {
    @Test
    void aPageWhoseConstructorTakesTheContextIsMadeWithIt() {
        // snippet: pages-context-app
        App app = App.create();
        app.pages("dev.duet.pagecontext.good", new Greeting("hello"));   // each page that asks gets the Greeting
        // end snippet
        try (TestClient client = TestClient.of(app)) {
            assertThat(client.get("/").text()).isEqualTo("hello from /");
            assertThat(client.get("/plain").text()).isEqualTo("plain");
            assertThat(client.get("/both").text()).isEqualTo("Greeting[text=hello]");
        }
    }

    @Test
    void withoutAContextAPageThatCanDoWithoutIsMadeWithout() {
        App app = App.create().pages("dev.duet.pagecontext.good.both");
        try (TestClient client = TestClient.of(app)) {
            assertThat(client.get("/").text()).isEqualTo("no context");
        }
    }

    @Test
    void aPageThatNeedsAContextTheAppDidNotGiveFailsNamingIt() {
        assertThatThrownBy(() -> App.create().pages("dev.duet.pagecontext.good"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dev.duet.pagecontext.good.Page: its constructor takes a dev.duet.pagecontext.Greeting,"
                        + " but the pages were registered without a context: use pages(package, context)");
    }

    @Test
    void aContextOfAnotherTypeFailsNamingBothTypes() {
        assertThatThrownBy(() -> App.create().pages("dev.duet.pagecontext.good", "not a greeting"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dev.duet.pagecontext.good.Page: its constructor takes a dev.duet.pagecontext.Greeting,"
                        + " but the pages' context is a java.lang.String");
    }

    @Test
    void theContextMayNotBeNull() {
        assertThatThrownBy(() -> App.create().pages("dev.duet.pagecontext.good", null)).isInstanceOf(NullPointerException.class);
    }
}
