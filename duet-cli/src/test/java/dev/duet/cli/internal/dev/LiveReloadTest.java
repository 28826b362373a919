package dev.duet.cli.internal.dev;

import dev.duet.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Which responses get the live-reload script, and where. */
class LiveReloadTest {
    @Test
    void aPageGetsTheScriptBeforeItsLastClosingBodyTagInAnyCase() {
        Response res = LiveReload.inject(Response.html("<html><body><p>&lt;/body&gt; </body></BODY></html>"));
        assertThat(res.body()).isEqualTo("<html><body><p>&lt;/body&gt; </body>" + LiveReload.TAG + "</BODY></html>");
    }

    @Test
    void bytesOfAnHtmlTypeAreInjectedAsUtf8() {
        Response res = LiveReload.inject(Response.bytes("<body>é</body>".getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8"));
        assertThat(new String((byte[]) res.body(), StandardCharsets.UTF_8)).isEqualTo("<body>é" + LiveReload.TAG + "</body>");
    }

    @Test
    void fragmentsOtherTypesAndEncodedBodiesAreLeftAlone() {
        assertThat(LiveReload.inject(Response.html("<li>one</li>")).body()).isEqualTo("<li>one</li>");
        assertThat(LiveReload.inject(Response.text("</body>")).body()).isEqualTo("</body>");
        assertThat(LiveReload.inject(Response.json(java.util.Map.of("a", "</body>"))).body()).isEqualTo(java.util.Map.of("a", "</body>"));
        Response gz = Response.bytes(new byte[] {1, 2}, "text/html").header("Content-Encoding", "gzip");
        assertThat(LiveReload.inject(gz).body()).isEqualTo(new byte[] {1, 2});
    }
}
