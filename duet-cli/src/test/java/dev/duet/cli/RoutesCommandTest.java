package dev.duet.cli;

import dev.duet.cli.testsite.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code duet routes}: every route with each link's kind, its code and its timeout. */
class RoutesCommandTest {
    @TempDir
    Path dir;

    @Test
    void theTableListsEveryRouteWithItsChainSourceAndTimeout() {
        CliHarness.Result r = new CliHarness(dir).run(new Site(), "routes");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).matches("METHOD +PATTERN +CHAIN +TIMEOUT +SOURCE");
        assertThat(r.out()).containsPattern(
                "GET +/api/ping +async middleware > blocking middleware > async handler +2s \\(own\\) +Site\\.java:\\d+");
        assertThat(r.out()).containsPattern(
                "GET +/hello +async middleware > blocking handler +30s +Site\\.java:" + Site.HELLO_LINE + "\n");
        assertThat(r.out()).containsPattern(
                "GET +/about +async middleware > blocking handler +30s +dev\\.duet\\.cli\\.testsite\\.pages\\.about\\.Page\\.get");
        // Aligned: every row's CHAIN column starts where the header's does.
        int chainColumn = lines[0].indexOf("CHAIN");
        for (int i = 1; i < lines.length; i++) assertThat(lines[i].substring(chainColumn)).startsWith("async middleware");
    }

    @Test
    void theAppsRequestTimeoutFromItsSettingsIsShownForRoutesWithoutTheirOwn() {
        CliHarness h = new CliHarness(dir).file("duet.properties", "requestTimeout = 0");
        CliHarness.Result r = h.run(new Site(), "routes");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("GET +/hello +async middleware > blocking handler +none +Site\\.java");
    }

    @Test
    void jsonListsTheSameRoutes() throws Exception {
        CliHarness.Result r = new CliHarness(dir).run(new Site(), "routes", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode routes = dev.duet.DuetJson.builder().build().readTree(r.out());
        assertThat(routes.size()).isEqualTo(3);
        JsonNode ping = routes.get(0);
        assertThat(ping.get("method").asString()).isEqualTo("GET");
        assertThat(ping.get("pattern").asString()).isEqualTo("/api/ping");
        assertThat(ping.get("kind").asString()).isEqualTo("async");
        assertThat(ping.get("timeout").asString()).isEqualTo("2s");
        assertThat(ping.get("ownTimeout").asBoolean()).isTrue();
        assertThat(ping.get("chain").toString())
                .isEqualTo("[{\"role\":\"middleware\",\"async\":true},{\"role\":\"middleware\",\"async\":false},"
                        + "{\"role\":\"handler\",\"async\":true}]");
        assertThat(routes.get(1).get("source").asString()).isEqualTo("Site.java:" + Site.HELLO_LINE);
    }

    @Test
    void anAppThatFailsToBuildIsAClearErrorNotAStackTrace() {
        Application broken = settings -> {
            throw new IllegalStateException("no mail host configured");
        };
        CliHarness.Result r = new CliHarness(dir).run(broken, "routes");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("duet routes: no mail host configured\n");
    }

    @Test
    void badSettingsStopTheCommandWithStatusTwo() {
        CliHarness.Result r = new CliHarness(dir).file("duet.properties", "prot = 1").run(new Site(), "routes");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("duet routes: duet.properties:1: unknown setting 'prot' (did you mean 'port'?)");
        assertThat(r.out()).isEmpty();
    }
}
