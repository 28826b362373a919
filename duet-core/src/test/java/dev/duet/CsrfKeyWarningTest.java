package dev.duet;

import ch.qos.logback.classic.Level;
import dev.duet.conformance.LogCapture;
import dev.duet.test.TestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Without secrets, CSRF tokens are signed with a key made at start: said once outside dev mode, never in it. */
class CsrfKeyWarningTest {
    private static int warnings(LogCapture log) {
        return log.events(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("DUET_SECRETS")).size();
    }

    @Test
    void saidOnceOutsideDevMode() {
        try (LogCapture log = LogCapture.of("dev.duet.Security", Level.INFO)) {
            App app = App.create(Config.defaults());
            app.get("/form", req -> Csrf.token(req));
            try (TestClient client = TestClient.of(app)) {
                client.get("/form");
                TestClient other = TestClient.of(app);     // a second visitor gets a token too: no second warning
                other.get("/form");
                other.close();
            }
            app.stop();
            assertThat(warnings(log)).isEqualTo(1);
        }
    }

    @Test
    void neitherInDevModeNorWithSecrets() {
        try (LogCapture log = LogCapture.of("dev.duet.Security", Level.INFO)) {
            for (Config config : new Config[] {Config.builder().dev(true).build(),
                    Config.builder().secrets(Secrets.of("s".repeat(40))).build()}) {
                App app = App.create(config);
                app.get("/form", req -> Csrf.token(req));
                try (TestClient client = TestClient.of(app)) {
                    assertThat(client.get("/form").status()).isEqualTo(200);
                }
                app.stop();
            }
            assertThat(warnings(log)).isZero();
        }
    }
}
