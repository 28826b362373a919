package dev.duet;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

    private static Config fromEnv(Map<String, String> env) {
        return Config.builder().apply(env, new Properties()).build();
    }

    private static Config fromProps(Map<String, String> props) {
        Properties p = new Properties();
        p.putAll(props);
        return Config.builder().apply(Map.of(), p).build();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Config c = Config.defaults();
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(8000);
        assertThat(c.core()).isEqualTo("netty");
        assertThat(c.dev()).isFalse();
        assertThat(c.maxBodySize()).isEqualTo(10L * 1024 * 1024);
        assertThat(c.maxHeaderSize()).isEqualTo(16 * 1024);
        assertThat(c.maxUriLength()).isEqualTo(8 * 1024);
        assertThat(c.maxInFlight()).isEqualTo(10_000);
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.eventLoops()).isZero();
        assertThat(c.cpuThreads()).isZero();
        assertThat(c.cpuQueue()).isEqualTo(1_000);
        assertThat(c.backgroundLimit()).isEqualTo(10_000);
        assertThat(c.watchdogThreshold()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.trustedProxies()).isEmpty();
        assertThat(c.serverHeader()).isEqualTo("Duet");
        assertThat(c.errors()).isEqualTo(Config.ErrorFormat.NEGOTIATE);
    }

    @Test
    void errorsIsJsonHtmlOrNegotiate() {
        assertThat(fromEnv(Map.of("DUET_ERRORS", "json")).errors()).isEqualTo(Config.ErrorFormat.JSON);
        assertThat(fromProps(Map.of("duet.errors", "HTML")).errors()).isEqualTo(Config.ErrorFormat.HTML);
        assertThatThrownBy(() -> fromEnv(Map.of("DUET_ERRORS", "xml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("errors").hasMessageContaining("expected json, html or negotiate");
    }

    @Test
    void negotiatingPicksJsonOnlyWhenTheClientPrefersIt() {
        Config.ErrorFormat n = Config.ErrorFormat.NEGOTIATE;
        assertThat(n.json("application/json", null)).isTrue();
        assertThat(n.json("application/problem+json, text/html", null)).isTrue();
        assertThat(n.json("text/html, application/json", null)).isFalse();
        assertThat(n.json(null, "application/json")).isTrue();
        assertThat(n.json("*/*", "application/json")).isTrue();
        assertThat(n.json(null, null)).isFalse();
        assertThat(Config.ErrorFormat.JSON.json("text/html", null)).isTrue();
        assertThat(Config.ErrorFormat.HTML.json("application/json", "application/json")).isFalse();
    }

    @Test
    void zeroThreadCountsMeanOnePerCore() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(Config.defaults().effectiveEventLoops()).isEqualTo(cores);
        assertThat(Config.defaults().effectiveCpuThreads()).isEqualTo(cores);
        assertThat(Config.builder().cpuThreads(3).eventLoops(2).build().effectiveCpuThreads()).isEqualTo(3);
        assertThat(Config.builder().cpuThreads(3).eventLoops(2).build().effectiveEventLoops()).isEqualTo(2);
    }

    @Test
    void sizesTakeBinaryUnits() {
        assertThat(fromProps(Map.of("duet.maxBodySize", "64k")).maxBodySize()).isEqualTo(64 * 1024);
        assertThat(fromProps(Map.of("duet.maxBodySize", "10m")).maxBodySize()).isEqualTo(10L * 1024 * 1024);
        assertThat(fromProps(Map.of("duet.maxBodySize", "1g")).maxBodySize()).isEqualTo(1024L * 1024 * 1024);
        assertThat(fromProps(Map.of("duet.maxBodySize", "10MiB")).maxBodySize()).isEqualTo(10L * 1024 * 1024);
        assertThat(fromProps(Map.of("duet.maxBodySize", "512")).maxBodySize()).isEqualTo(512);
        assertThat(fromProps(Map.of("duet.maxHeaderSize", "32KB")).maxHeaderSize()).isEqualTo(32 * 1024);
    }

    @Test
    void durationsTakeUnitsOrIso8601() {
        assertThat(fromProps(Map.of("duet.requestTimeout", "250ms")).requestTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(fromProps(Map.of("duet.requestTimeout", "30s")).requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fromProps(Map.of("duet.requestTimeout", "2m")).requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(fromProps(Map.of("duet.requestTimeout", "PT5S")).requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fromProps(Map.of("duet.requestTimeout", "1500")).requestTimeout()).as("bare = ms").isEqualTo(Duration.ofMillis(1500));
        assertThat(fromProps(Map.of("duet.requestTimeout", "0")).requestTimeout()).as("zero = no deadline").isZero();
    }

    @Test
    void booleansTakeTheUsualSpellings() {
        for (String yes : List.of("true", "TRUE", "1", "yes", "on")) {
            assertThat(fromProps(Map.of("duet.dev", yes)).dev()).as(yes).isTrue();
        }
        for (String no : List.of("false", "0", "no", "off")) {
            assertThat(fromProps(Map.of("duet.dev", no)).dev()).as(no).isFalse();
        }
    }

    @Test
    void environmentVariablesAreTheKnobsInUpperSnakeCase() {
        Config c = fromEnv(Map.of("DUET_MAX_IN_FLIGHT", "50", "DUET_WATCHDOG_THRESHOLD", "20ms",
                "DUET_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1", "DUET_DEV", "yes", "DUET_HOST", "127.0.0.1"));
        assertThat(c.maxInFlight()).isEqualTo(50);
        assertThat(c.watchdogThreshold()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.trustedProxies()).containsExactly("10.0.0.0/8", "127.0.0.1");
        assertThat(c.dev()).isTrue();
        assertThat(c.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void portComesFromPortWhenDuetPortIsUnset() {
        assertThat(fromEnv(Map.of("PORT", "9000")).port()).isEqualTo(9000);
        assertThat(fromEnv(Map.of("PORT", "9000", "DUET_PORT", "9100")).port()).isEqualTo(9100);
        Properties p = new Properties();
        p.put("duet.port", "9200");
        assertThat(Config.builder().apply(Map.of("PORT", "9000", "DUET_PORT", "9100"), p).build().port())
                .as("a system property beats the environment").isEqualTo(9200);
    }

    @Test
    void badValuesFailNamingTheKnob() {
        assertThatThrownBy(() -> fromProps(Map.of("duet.port", "eighty")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port").hasMessageContaining("eighty");
        assertThatThrownBy(() -> fromEnv(Map.of("DUET_MAX_BODY_SIZE", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBodySize")
                .hasMessageContaining("DUET_MAX_BODY_SIZE");
        assertThatThrownBy(() -> fromProps(Map.of("duet.requestTimeout", "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> fromProps(Map.of("duet.dev", "maybe")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dev");
        assertThatThrownBy(() -> fromEnv(Map.of("PORT", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    }

    @Test
    void outOfRangeValuesFailNamingTheKnob() {
        assertThatThrownBy(() -> fromProps(Map.of("duet.port", "70000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> Config.builder().maxInFlight(0).build()).hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> Config.builder().backgroundLimit(0).build()).hasMessageContaining("backgroundLimit");
        assertThatThrownBy(() -> Config.builder().idleTimeout(Duration.ZERO).build()).hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> Config.builder().requestTimeout(Duration.ofSeconds(-1)).build()).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> Config.builder().maxBodySize(-1).build()).hasMessageContaining("maxBodySize");
    }

    @Test
    void toBuilderRoundTrips() {
        Config c = Config.builder().port(1234).dev(true).cpuQueue(7).trustedProxies(List.of("127.0.0.1"))
                .requestTimeout(Duration.ofMillis(5)).build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.toBuilder().port(1).build().port()).isEqualTo(1);
    }

    @Test
    void fromEnvironmentReadsSystemProperties() {
        String previous = System.getProperty("duet.cpuQueue");
        System.setProperty("duet.cpuQueue", "42");
        try {
            assertThat(Config.fromEnvironment().cpuQueue()).isEqualTo(42);
        } finally {
            if (previous == null) System.clearProperty("duet.cpuQueue");
            else System.setProperty("duet.cpuQueue", previous);
        }
    }

    @Test
    void uploadKnobsHaveDefaultsRangesAndRoundTrip() {
        Config d = Config.defaults();
        assertThat(d.uploadMemoryThreshold()).isEqualTo(64 * 1024);
        assertThat(d.maxFileSize()).isEqualTo(100L * 1024 * 1024);
        assertThat(d.maxUploadSize()).isEqualTo(200L * 1024 * 1024);
        assertThat(d.maxFormParts()).isEqualTo(1000);
        assertThat(d.uploadDir()).isEqualTo(System.getProperty("java.io.tmpdir"));
        assertThatThrownBy(() -> Config.builder().maxFormParts(0).build()).hasMessageContaining("maxFormParts");
        assertThatThrownBy(() -> Config.builder().maxFileSize(-1).build()).hasMessageContaining("maxFileSize");
        assertThatThrownBy(() -> Config.builder().maxUploadSize(-1).build()).hasMessageContaining("maxUploadSize");
        assertThatThrownBy(() -> Config.builder().uploadMemoryThreshold(-1).build()).hasMessageContaining("uploadMemoryThreshold");
        assertThatThrownBy(() -> fromProps(Map.of("duet.maxFileSize", "lots"))).hasMessageContaining("maxFileSize")
                .hasMessageContaining("DUET_MAX_FILE_SIZE");
        Config c = Config.builder().maxFileSize(5).maxUploadSize(6).maxFormParts(7).uploadMemoryThreshold(8).uploadDir("/u").build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void wsPongTimeoutHasADefaultARangeAndAKnob() {
        assertThat(Config.defaults().wsPongTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(fromEnv(Map.of("DUET_WS_PONG_TIMEOUT", "250ms")).wsPongTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(fromProps(Map.of("duet.wsPongTimeout", "2s")).wsPongTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> Config.builder().wsPongTimeout(Duration.ZERO).build()).hasMessageContaining("wsPongTimeout");
        assertThatThrownBy(() -> fromProps(Map.of("duet.wsPongTimeout", "-1s"))).hasMessageContaining("wsPongTimeout");
        assertThatThrownBy(() -> fromProps(Map.of("duet.wsPongTimeout", "soon"))).hasMessageContaining("DUET_WS_PONG_TIMEOUT");
        Config c = Config.builder().wsPongTimeout(Duration.ofMillis(300)).build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }
}
