package dev.duet.metrics;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.netty.NettyCore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The scrape endpoint over a real Netty core: what Prometheus would read. */
class PrometheusEndpointTest {
    private App app;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (app != null) app.stop();
        http.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void scrapeShowsRequestsByPatternWithHistogramBucketsAtAConfiguredPath() throws Exception {
        app = App.create(Config.builder().port(0).host("127.0.0.1").build());
        app.get("/items/{id}", req -> req.pathParam("id"));
        app.getAsync("/fast", req -> CompletableFuture.completedFuture("fast"));
        PrometheusMeterRegistry registry = DuetMetrics.prometheus(app, "/ops/metrics");
        registry.counter("signups").increment();
        app.start(new NettyCore());
        for (int i = 0; i < 3; i++) get("/items/" + i);
        get("/fast");
        get("/nope/" + System.nanoTime());

        HttpResponse<String> scrape = get("/ops/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        String text = scrape.body();
        assertThat(text).containsPattern("duet_requests_seconds_count\\{[^}]*route=\"/items/\\{id}\"[^}]*} 3");
        assertThat(text).containsPattern("duet_requests_seconds_count\\{kind=\"async\",method=\"GET\",route=\"/fast\",status=\"2xx\"} 1");
        assertThat(text).containsPattern("duet_requests_seconds_count\\{kind=\"none\",method=\"GET\",route=\"UNMATCHED\",status=\"4xx\"} 1");
        assertThat(text).contains("duet_requests_seconds_bucket{");
        assertThat(text).contains("signups_total 1");
        assertThat(text).contains("jvm_threads_virtual_mounted").contains("duet_cpu_queued");
        assertThat(text).doesNotContain("/items/0").doesNotContain("/nope/");
        assertThat(get("/metrics").statusCode()).as("only the configured path serves").isEqualTo(404);
    }
}
