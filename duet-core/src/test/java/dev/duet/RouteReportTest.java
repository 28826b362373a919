package dev.duet;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** What a route and a config tell tools such as {@code duet routes} and {@code duet config}. */
class RouteReportTest {

    @Test
    void aRouteNamesTheAppsFileAndLineThatRegisteredIt() {
        App app = dev.duet.routesource.SiteRoutes.register(App.create());
        assertThat(app.routes().get(0).source()).isEqualTo("SiteRoutes.java:" + dev.duet.routesource.SiteRoutes.GET_LINE);
        // Inside a group's body: the body's line, not the group call's.
        assertThat(app.routes().get(1).source()).isEqualTo("SiteRoutes.java:" + dev.duet.routesource.SiteRoutes.GROUP_GET_LINE);
    }

    @Test
    void aPageRouteNamesThePageMethod() {
        App app = App.create();
        app.pages("dev.duet.pagecontext.good.both");
        assertThat(app.routes()).isNotEmpty().allSatisfy(r ->
                assertThat(r.source()).startsWith("dev.duet.pagecontext.good.both.Page").doesNotContain(".java:"));
    }

    @Test
    void frameworkFramesAreSkippedButAnAppUnderDevDuetIsNot() {
        assertThat(CallerFrame.framework("dev.duet.RouteGroup")).isTrue();
        assertThat(CallerFrame.framework("java.util.ArrayList")).isTrue();
        assertThat(CallerFrame.framework("jdk.internal.reflect.DirectMethodHandleAccessor")).isTrue();
        assertThat(CallerFrame.framework("dev.duet.tour.Tour")).isFalse();
        assertThat(CallerFrame.framework("com.example.Site")).isFalse();
    }

    @Test
    void theChainListsEveryLinkWithItsKindOutermostFirst() {
        App app = App.create();
        app.useAsync((req, next) -> next.proceed());
        app.before(req -> { });
        app.group("/api", api -> {
            api.use((req, next) -> next.proceed());
            api.afterAsync((req, res) -> CompletableFuture.completedFuture(null));
            api.getAsync("/a", req -> CompletableFuture.completedFuture("a")).after((req, res) -> { });
        });
        app.get("/b", req -> "b");

        Route a = app.routes().get(0);
        assertThat(a.chain()).extracting(Object::toString).containsExactly(
                "async middleware", "blocking middleware", "blocking before hook", "async handler",
                "blocking after hook", "async after hook");
        Route b = app.routes().get(1);
        assertThat(b.chain()).containsExactly(
                new Route.ChainLink(Route.ChainLink.Role.MIDDLEWARE, true),
                new Route.ChainLink(Route.ChainLink.Role.BEFORE_HOOK, false),
                new Route.ChainLink(Route.ChainLink.Role.HANDLER, false));
    }

    @Test
    void ownTimeoutIsEmptyUntilTheRouteSetsOne() {
        App app = App.create();
        Route plain = app.get("/plain", req -> "p");
        Route slow = app.get("/slow", req -> "s").timeout(Duration.ofSeconds(2));
        assertThat(plain.ownTimeout()).isEmpty();
        assertThat(slow.ownTimeout()).contains(Duration.ofSeconds(2));
    }

    @Test
    void configKnobsListEveryKnobTheBuilderReadsWithItsValue() {
        Config c = Config.builder().port(9090).requestTimeout(Duration.ofSeconds(5))
                .trustedProxies(List.of("10.0.0.1")).build();
        Map<String, Object> knobs = c.knobs();
        assertThat(knobs.keySet()).containsExactlyInAnyOrderElementsOf(ConfigKnobs.KNOBS.keySet());
        // In the record's own order, which is how a listing reads best.
        assertThat(knobs.keySet()).containsExactly(java.util.Arrays.stream(Config.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toArray(String[]::new));
        assertThat(knobs).containsEntry("port", 9090).containsEntry("requestTimeout", Duration.ofSeconds(5))
                .containsEntry("trustedProxies", List.of("10.0.0.1")).containsEntry("host", "0.0.0.0");
    }

    @Test
    void everyKnobsValueChangesWhenItsTextIsApplied() {
        // A getter wired to the wrong component would show another knob's value: setting each
        // knob through apply() must change exactly that knob's entry.
        Config defaults = Config.defaults();
        Map<String, String> texts = Map.ofEntries(Map.entry("host", "127.0.0.1"), Map.entry("port", "1234"),
                Map.entry("core", "servlet"), Map.entry("dev", "true"), Map.entry("errors", "json"),
                Map.entry("secrets", "k".repeat(32)), Map.entry("eventLoops", "3"), Map.entry("wsPingInterval", "7s"),
                Map.entry("maxBodySize", "1k"), Map.entry("hsts", "max-age=5"), Map.entry("csrf", "false"));
        texts.forEach((knob, text) -> {
            Config changed = Config.builder().apply(Map.of(), Map.of("duet." + knob, text)).build();
            Map<String, Object> before = defaults.knobs();
            Map<String, Object> after = changed.knobs();
            assertThat(after.get(knob)).as(knob).isNotEqualTo(before.get(knob));
        });
    }
}
