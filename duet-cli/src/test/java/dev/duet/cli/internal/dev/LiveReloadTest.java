package dev.duet.cli.internal.dev;

import dev.duet.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Which responses get the live-reload script, and where. */
class LiveReloadTest {
    static final String TAG = LiveReload.tag("k3x9-2");

    @Test
    void theTagNamesTheGenerationEscaped() {
        assertThat(TAG).isEqualTo("<script src=\"/__duet/live.js\" data-generation=\"k3x9-2\"></script>");
        assertThat(LiveReload.tag("a\"<&")).isEqualTo("<script src=\"/__duet/live.js\" data-generation=\"a&quot;&lt;&amp;\"></script>");
    }

    @Test
    void aPageGetsTheScriptBeforeItsLastClosingBodyTagInAnyCase() {
        Response res = LiveReload.inject(Response.html("<html><body><p>&lt;/body&gt; </body></BODY></html>"), TAG);
        assertThat(res.body()).isEqualTo("<html><body><p>&lt;/body&gt; </body>" + TAG + "</BODY></html>");
    }

    @Test
    void bytesOfAnHtmlTypeAreInjectedAsUtf8() {
        Response res = LiveReload.inject(Response.bytes("<body>é</body>".getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8"), TAG);
        assertThat(new String((byte[]) res.body(), StandardCharsets.UTF_8)).isEqualTo("<body>é" + TAG + "</body>");
    }

    @Test
    void fragmentsOtherTypesAndEncodedBodiesAreLeftAlone() {
        assertThat(LiveReload.inject(Response.html("<li>one</li>"), TAG).body()).isEqualTo("<li>one</li>");
        assertThat(LiveReload.inject(Response.text("</body>"), TAG).body()).isEqualTo("</body>");
        assertThat(LiveReload.inject(Response.json(java.util.Map.of("a", "</body>")), TAG).body()).isEqualTo(java.util.Map.of("a", "</body>"));
        Response gz = Response.bytes(new byte[] {1, 2}, "text/html").header("Content-Encoding", "gzip");
        assertThat(LiveReload.inject(gz, TAG).body()).isEqualTo(new byte[] {1, 2});
    }
}
