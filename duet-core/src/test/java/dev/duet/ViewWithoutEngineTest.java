package dev.duet;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.duet.conformance.LogCapture;
import dev.duet.test.TestClient;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * duet-core alone has no template engine (none is on its test class path): a View is then a bug
 * of the app's set-up, a 500 whose log says what to add.
 */
class ViewWithoutEngineTest {
    @Test
    void aViewWithNoEngineIsA500WhoseLogSaysToAddDuetPebble() throws Exception {
        App app = App.create();
        app.get("/", req -> View.of("home.html", Map.of("name", "Ada")));
        assertThat(app.templates()).as("no engine on duet-core's class path").isNull();
        try (LogCapture log = LogCapture.of("dev.duet.App"); TestClient client = TestClient.of(app)) {
            TestResponse res = client.get("/");
            assertThat(res.status()).isEqualTo(500);
            assertThat(res.text()).contains("Internal Server Error").doesNotContain("duet-pebble");
            ILoggingEvent e = log.await(ev -> ev.getThrowableProxy() != null, Duration.ofSeconds(5));
            assertThat(e.getThrowableProxy().getClassName()).isEqualTo("dev.duet.template.TemplateException");
            assertThat(e.getThrowableProxy().getMessage()).contains("no template engine", "put duet-pebble", "app.templates(");
        }
    }

    @Test
    void aViewBodyWithAStatusIsA500TooNotItsOwnStatus() throws Exception {
        App app = App.create();
        app.get("/", req -> Response.status(404, View.of("missing.html")));
        try (LogCapture log = LogCapture.of("dev.duet.App"); TestClient client = TestClient.of(app)) {
            assertThat(client.get("/").status()).isEqualTo(500);
            assertThat(log.await(ev -> ev.getThrowableProxy() != null, Duration.ofSeconds(5)).getThrowableProxy().getMessage())
                    .contains("put duet-pebble");
        }
    }
}
