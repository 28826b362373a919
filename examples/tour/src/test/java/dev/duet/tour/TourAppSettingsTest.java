package dev.duet.tour;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.cli.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tour's own settings for running many instances (TourApp): the jobs' timings, read and checked. */
class TourAppSettingsTest {
    private static Settings settings(Map<String, String> values) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(values);
        all.put("databaseUrl", "sqlite::memory:");
        return Settings.of(Config.defaults(), all);
    }

    @Test
    void durationsAreReadInEveryUnitTheDocsName() {
        Settings s = settings(Map.of("jobs.every", "2s", "jobs.heartbeat", "250ms", "a", "5m", "b", "PT3S"));
        assertThat(TourApp.duration(s, "jobs.every")).contains(Duration.ofSeconds(2));
        assertThat(TourApp.duration(s, "jobs.heartbeat")).contains(Duration.ofMillis(250));
        assertThat(TourApp.duration(s, "a")).contains(Duration.ofMinutes(5));
        assertThat(TourApp.duration(s, "b")).contains(Duration.ofSeconds(3));
        assertThat(TourApp.duration(s, "unset")).isEmpty();
    }

    @Test
    void aDurationWithoutAUnitIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> TourApp.duration(settings(Map.of("jobs.every", "10")), "jobs.every"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("app.jobs.every must be a duration such as 250ms, 2s, 5m or PT2S, not '10'");
    }

    @Test
    void aRecurringPeriodUnderASecondOrATooShortHeartbeatStopsTheTourFromStarting() {
        assertThatThrownBy(() -> new TourApp().create(settings(Map.of("jobs.every", "500ms"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app.jobs.every must be at least 1s");
        assertThatThrownBy(() -> new TourApp().create(settings(Map.of("jobs.heartbeat", "10ms"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeat must be at least");
    }

    @Test
    void theCommandLinesTourServesItsProbes() {
        App app = new TourApp().create(settings(Map.of("jobs.every", "3s")));
        try {
            assertThat(app.routes()).extracting(r -> r.method() + " " + r.pattern()).contains("GET /health/live", "GET /health/ready");
        } finally {
            app.stop();
        }
    }
}
