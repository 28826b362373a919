package dev.duet;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session settings: their defaults, the environment's names for them, and their checks. */
class SessionConfigTest {
    @Test
    void defaults() {
        Config c = Config.defaults();
        assertThat(c.sessionCookie()).isEqualTo("duet_session");
        assertThat(c.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.sessionMaxAge()).isEqualTo(Duration.ofHours(12));
        assertThat(c.sessionSecure()).isTrue();
    }

    @Test
    void devModeDefaultsSecureOffUnlessTheSettingSaysOtherwise() {
        assertThat(Config.builder().dev(true).build().sessionSecure()).isFalse();
        assertThat(Config.builder().dev(true).sessionSecure(true).build().sessionSecure()).isTrue();
        assertThat(Config.builder().sessionSecure(false).build().sessionSecure()).isFalse();
    }

    @Test
    void fromTheEnvironmentAndProperties() {
        Properties props = new Properties();
        props.setProperty("duet.sessionMaxAge", "PT8H");
        Config c = Config.builder().apply(Map.of(
                "DUET_SESSION_IDLE_TIMEOUT", "15m",
                "DUET_SESSION_SECURE", "false",
                "DUET_SESSION_COOKIE", "sid"), props).build();
        assertThat(c.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.sessionMaxAge()).isEqualTo(Duration.ofHours(8));
        assertThat(c.sessionSecure()).isFalse();
        assertThat(c.sessionCookie()).isEqualTo("sid");
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> Config.builder().sessionIdleTimeout(Duration.ZERO).build())
                .hasMessageContaining("sessionIdleTimeout must be > 0");
        assertThatThrownBy(() -> Config.builder().apply(Map.of("DUET_SESSION_SECURE", "maybe"), new Properties()))
                .hasMessageContaining("sessionSecure");
    }
}
