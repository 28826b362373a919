package dev.duet.tour.scaleout;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.cli.Settings;
import dev.duet.jobs.JobsConfig;
import dev.duet.ops.Health;
import dev.duet.tour.TourApp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests of {@code deploy/k8s} (no Kubernetes tool validates them offline:
 * kubectl (1.32 tried) needs a cluster even for a client dry-run, and kubeconform is not packaged), read
 * as YAML and held to what Duet does: the probes name the tour's real probe routes on the port the
 * ConfigMap gives the app, the grace period outlasts the readiness delay, the drain and the jobs'
 * wait, the readiness delay outlasts the probe's failure window, the selectors agree, and the
 * ConfigMap and Secret are settings the tour's command line accepts.
 */
class DeployManifestsTest {
    private static final Path K8S = Nginx.ROOT.resolve("deploy/k8s");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static Map<String, JsonNode> manifests() throws Exception {
        Map<String, JsonNode> byKind = new HashMap<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode doc = YAML.readTree(Files.readString(f));
                assertThat(doc.path("apiVersion").asString()).as("%s apiVersion", f).isNotEmpty();
                assertThat(doc.path("metadata").path("name").asString()).as("%s metadata.name", f).isEqualTo("duet-tour");
                assertThat(byKind.put(doc.path("kind").asString(), doc)).as("one %s", doc.path("kind")).isNull();
            }
        }
        return byKind;
    }

    @Test
    void theManifestsAreTheFiveKindsAtStableApiVersions() throws Exception {
        Map<String, String> versions = manifests().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().path("apiVersion").asString()));
        assertThat(versions).isEqualTo(Map.of("ConfigMap", "v1", "Secret", "v1", "Deployment", "apps/v1", "Service", "v1",
                "PodDisruptionBudget", "policy/v1"));
    }

    @Test
    void theProbesAskTheToursOwnProbeRoutesOnItsPort() throws Exception {
        Map<String, JsonNode> m = manifests();
        JsonNode container = container(m);
        String port = m.get("ConfigMap").path("data").path("DUET_PORT").asString();
        JsonNode http = container.path("ports").get(0);
        assertThat(http.path("name").asString()).isEqualTo("http");
        assertThat(http.path("containerPort").asInt()).as("containerPort = DUET_PORT").isEqualTo(Integer.parseInt(port));
        assertThat(m.get("ConfigMap").path("data").path("DUET_HOST").asString()).as("listens beyond loopback").isEqualTo("0.0.0.0");

        // The routes the probes name are the ones the tour's command line really serves.
        App app = new TourApp().create(Settings.of(Config.defaults(), Map.of("databaseUrl", "sqlite::memory:")));
        try {
            Set<String> routes = app.routes().stream().map(r -> r.method() + " " + r.pattern()).collect(Collectors.toSet());
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                assertThat(get.path("port").asString()).as("%s port", probe).isEqualTo("http");
                assertThat(routes).as("%s path", probe).contains("GET " + get.path("path").asString());
            }
        } finally {
            app.stop();
        }
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asString()).isEqualTo("/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asString()).isEqualTo("/health/ready");
        assertThat(Duration.ofSeconds(container.path("readinessProbe").path("timeoutSeconds").asInt()))
                .as("the probe waits longer than Duet's check timeout, so a slow check is a 503, not a probe timeout")
                .isGreaterThan(Health.DEFAULT_CHECK_TIMEOUT);
    }

    @Test
    void theGracePeriodOutlastsTheReadinessDelayTheDrainAndTheJobsWait() throws Exception {
        Map<String, JsonNode> m = manifests();
        JsonNode data = m.get("ConfigMap").path("data");
        Duration delay = duration(data.path("DUET_SHUTDOWN_READINESS_DELAY").asString(null), Config.defaults().shutdownReadinessDelay());
        Duration grace = duration(data.path("DUET_SHUTDOWN_GRACE").asString(null), Config.defaults().shutdownGrace());
        JsonNode pod = m.get("Deployment").path("spec").path("template").path("spec");
        Duration termination = Duration.ofSeconds(pod.path("terminationGracePeriodSeconds").asLong());
        assertThat(termination).as("terminationGracePeriodSeconds > readiness delay + shutdownGrace + the jobs' shutdownWait")
                .isGreaterThan(delay.plus(grace).plus(JobsConfig.defaults().shutdownWait()));

        JsonNode readiness = container(m).path("readinessProbe");
        Duration noticed = Duration.ofSeconds((long) readiness.path("periodSeconds").asInt() * readiness.path("failureThreshold").asInt());
        assertThat(delay).as("the readiness delay outlasts periodSeconds x failureThreshold").isGreaterThan(noticed);
        assertThat(container(m).path("lifecycle").path("preStop").isMissingNode()).as("no preStop sleep is needed").isTrue();
    }

    @Test
    void threeReplicasRollOneAtATimeAndTheSelectorsAgree() throws Exception {
        Map<String, JsonNode> m = manifests();
        JsonNode spec = m.get("Deployment").path("spec");
        assertThat(spec.path("replicas").asInt()).isEqualTo(3);
        assertThat(spec.path("strategy").path("rollingUpdate").path("maxUnavailable").asInt()).isZero();
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        assertThat(spec.path("selector").path("matchLabels")).isEqualTo(labels);
        assertThat(m.get("Service").path("spec").path("selector")).isEqualTo(labels);
        assertThat(m.get("Service").path("spec").path("ports").get(0).path("targetPort").asString()).isEqualTo("http");
        JsonNode pdb = m.get("PodDisruptionBudget").path("spec");
        assertThat(pdb.path("selector").path("matchLabels")).isEqualTo(labels);
        assertThat(pdb.path("maxUnavailable").asInt()).as("a drain leaves two of three serving").isEqualTo(1);
        JsonNode resources = container(m).path("resources");
        assertThat(resources.path("requests").path("cpu").isMissingNode()).isFalse();
        assertThat(resources.path("limits").path("memory").asString()).isEqualTo(resources.path("requests").path("memory").asString());
        List<String> from = container(m).path("envFrom").valueStream()
                .map(e -> e.has("configMapRef") ? "ConfigMap " + e.path("configMapRef").path("name").asString()
                        : "Secret " + e.path("secretRef").path("name").asString()).toList();
        assertThat(from).containsExactlyInAnyOrder("ConfigMap duet-tour", "Secret duet-tour");
    }

    /** The ConfigMap and the Secret, as the environment of the tour's {@code config} command: every value is accepted. */
    @Test
    void theConfigMapAndSecretAreSettingsTheTourAccepts() throws Exception {
        Map<String, JsonNode> m = manifests();
        Map<String, String> env = new HashMap<>();
        m.get("ConfigMap").path("data").properties().forEach(e -> env.put(e.getKey(), e.getValue().asString()));
        m.get("Secret").path("stringData").properties().forEach(e -> env.put(e.getKey(), e.getValue().asString()));
        assertThat(env).containsKeys("DATABASE_URL", "DUET_SECRETS", "DUET_APP_REDIS_URL");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = Files.createTempFile("tour-config", ".json");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.duet.tour.Tour", "config", "--json")
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DUET_") || k.startsWith("DATABASE_") || k.equals("PORT"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(out);
        Files.deleteIfExists(out);
        assertThat(p.exitValue()).as(text).isZero();
        JsonNode doc = JsonMapper.builder().build().readTree(text.substring(text.indexOf('{')));
        Map<String, String> sources = new HashMap<>();
        Map<String, String> values = new HashMap<>();
        doc.path("settings").valueStream().forEach(s -> {
            sources.put(s.path("key").asString(), s.path("source").asString());
            values.put(s.path("key").asString(), s.path("value").asString());
        });
        assertThat(sources).containsEntry("port", "env DUET_PORT").containsEntry("shutdownReadinessDelay", "env DUET_SHUTDOWN_READINESS_DELAY")
                .containsEntry("trustedProxies", "env DUET_TRUSTED_PROXIES").containsEntry("databaseUrl", "env DATABASE_URL")
                .containsEntry("app.redis.url", "env DUET_APP_REDIS_URL");
        assertThat(values.get("databaseUrl")).as("the password is not printed").doesNotContain("CHANGE-ME");
    }

    private static JsonNode container(Map<String, JsonNode> m) {
        return m.get("Deployment").path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static Duration duration(String text, Duration fallback) {
        if (text == null) return fallback;
        assertThat(text).as("a duration in whole seconds").matches("\\d+s");
        return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
    }
}
