package dev.duet;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The security settings: their defaults, their environment names, and bad values refused naming the knob. */
class SecurityConfigTest {
    @Test
    void defaultsAreCsrfAndHeadersOnHstsOff() {
        Config c = Config.defaults();
        assertThat(c.csrf()).isTrue();
        assertThat(c.securityHeaders()).isTrue();
        assertThat(c.trustedOrigins()).isEmpty();
        assertThat(c.contentSecurityPolicy()).isEqualTo(Config.DEFAULT_CSP).contains("frame-ancestors 'none'");
        assertThat(c.hsts()).isEmpty();
    }

    @Test
    void everySettingHasAnEnvironmentName() {
        Config c = Config.builder().apply(Map.of(
                "DUET_CSRF", "off",
                "DUET_TRUSTED_ORIGINS", "https://sso.example.com, https://id.example.org:8443",
                "DUET_SECURITY_HEADERS", "false",
                "DUET_CONTENT_SECURITY_POLICY", "default-src 'self'",
                "DUET_HSTS", "max-age=600"), Map.of()).build();
        assertThat(c.csrf()).isFalse();
        assertThat(c.trustedOrigins()).containsExactly("https://sso.example.com", "https://id.example.org:8443");
        assertThat(c.securityHeaders()).isFalse();
        assertThat(c.contentSecurityPolicy()).isEqualTo("default-src 'self'");
        assertThat(c.hsts()).isEqualTo("max-age=600");
        assertThat(c.toBuilder().build()).isEqualTo(c);
        Config props = Config.builder().apply(Map.of(), Map.of("duet.csrf", "false")).build();
        assertThat(props.csrf()).isFalse();
    }

    @Test
    void aTrustedOriginMustBeAnOrigin() {
        assertThatThrownBy(() -> Config.builder().trustedOrigins(List.of("sso.example.com")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trustedOrigins")
                .hasMessageContaining("scheme://host[:port]");
        assertThatThrownBy(() -> Config.builder().trustedOrigins(List.of("https://sso.example.com/login")).build())
                .hasMessageContaining("trustedOrigins");
        assertThatThrownBy(() -> Config.builder().apply(Map.of("DUET_TRUSTED_ORIGINS", "nope"), Map.of()).build())
                .hasMessageContaining("trustedOrigins");
    }

    @Test
    void aPolicyOrHstsValueOnTwoLinesIsRefusedAtStartNotOnEveryResponse() {
        assertThatThrownBy(() -> Config.builder().contentSecurityPolicy("default-src 'self'\r\nSet-Cookie: a=b").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contentSecurityPolicy")
                .hasMessageContaining("one line");
        assertThatThrownBy(() -> Config.builder().apply(Map.of("DUET_HSTS", "max-age=600\nX: y"), Map.of()).build())
                .hasMessageContaining("hsts");
    }
}
