package dev.duet.tracing;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.netty.NettyCore;
import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** traceparent over the wire on a real Netty core, into a blocking handler's offloaded task. */
class NettyTracingTest {
    private App app;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (app != null) app.stop();
        http.close();
    }

    @Test
    void theTraceFromTheWireReachesAnOffloadedTask() throws Exception {
        app = App.create(Config.builder().port(0).host("127.0.0.1").build());
        Tracing.install(app);
        app.get("/t", req -> req.tasks().await(req.tasks().offload(() -> Span.current().getSpanContext().getTraceId())));
        app.start(new NettyCore());
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/t"))
                .header("traceparent", TracingTest.PARENT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(TracingTest.TRACE);
    }
}
