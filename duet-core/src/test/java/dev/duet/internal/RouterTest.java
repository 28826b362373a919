package dev.duet.internal;

import dev.duet.HttpError;
import dev.duet.HttpMethod;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.duet.HttpMethod.DELETE;
import static dev.duet.HttpMethod.GET;
import static dev.duet.HttpMethod.HEAD;
import static dev.duet.HttpMethod.OPTIONS;
import static dev.duet.HttpMethod.POST;
import static dev.duet.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterTest {

    private static Router<String> router(String... methodAndPatterns) {
        Router<String> r = new Router<>();
        for (String mp : methodAndPatterns) {
            String[] parts = mp.split(" ", 2);
            r.add(HttpMethod.valueOf(parts[0]), parts[1], mp);
        }
        return r;
    }

    private static Map<String, Object> params(Router.Match<String> m) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < m.names().length; i++) out.put(m.names()[i], m.values()[i]);
        return out;
    }

    @Test
    void matchesStaticPathsExactly() {
        Router<String> r = router("GET /", "GET /a", "GET /a/b");
        assertThat(r.match(GET, "/").value()).isEqualTo("GET /");
        assertThat(r.match(GET, "/a").value()).isEqualTo("GET /a");
        assertThat(r.match(GET, "/a/b").value()).isEqualTo("GET /a/b");
        assertThat(r.match(GET, "/a/").found()).as("a trailing slash is another path").isFalse();
        assertThat(r.match(GET, "/b").found()).isFalse();
        assertThat(r.match(GET, "/b").allowed()).isEmpty();
    }

    @Test
    void returnsThePatternAndTypedValues() {
        UUID id = UUID.randomUUID();
        Router<String> r = router("GET /u/{name}/{n:int}/{big:long}/{id:uuid}/{rest:*}");
        Router.Match<String> m = r.match(GET, "/u/ada/7/8000000000/" + id + "/x/y");
        assertThat(m.pattern()).isEqualTo("/u/{name}/{n:int}/{big:long}/{id:uuid}/{rest:*}");
        assertThat(params(m)).containsExactly(
                Map.entry("name", "ada"), Map.entry("n", 7), Map.entry("big", 8_000_000_000L),
                Map.entry("id", id), Map.entry("rest", "x/y"));
    }

    @Test
    void typedParametersThatDoNotParseDoNotMatch() {
        Router<String> r = router("GET /i/{n:int}", "GET /l/{n:long}", "GET /u/{id:uuid}");
        assertThat(r.match(GET, "/i/x").found()).isFalse();
        assertThat(r.match(GET, "/i/2147483648").found()).isFalse();
        assertThat(r.match(GET, "/l/1e3").found()).isFalse();
        assertThat(r.match(GET, "/u/123").found()).isFalse();
        assertThat(r.match(GET, "/i/").found()).as("empty segment").isFalse();
    }

    @Test
    void staticBeatsTypedBeatsPlainBeatsCatchAll() {
        Router<String> r = router("GET /x/{rest:*}", "GET /x/{s}", "GET /x/{n:int}", "GET /x/1");
        assertThat(r.match(GET, "/x/1").value()).isEqualTo("GET /x/1");
        assertThat(r.match(GET, "/x/2").value()).isEqualTo("GET /x/{n:int}");
        assertThat(r.match(GET, "/x/two").value()).isEqualTo("GET /x/{s}");
        assertThat(r.match(GET, "/x/two/three").value()).isEqualTo("GET /x/{rest:*}");
    }

    @Test
    void backtracksWhenAPreferredBranchDeadEnds() {
        Router<String> r = router("GET /a/b/c", "GET /a/{x}/d");
        assertThat(r.match(GET, "/a/b/d").value()).isEqualTo("GET /a/{x}/d");
        assertThat(params(r.match(GET, "/a/b/d"))).containsExactly(Map.entry("x", "b"));
        assertThat(r.match(GET, "/a/b/c").value()).isEqualTo("GET /a/b/c");
    }

    @Test
    void backtrackingDoesNotLeakParametersOfTheAbandonedBranch() {
        Router<String> r = router("GET /{a}/{b:int}/z", "GET /{a}/{c}/y");
        Router.Match<String> m = r.match(GET, "/p/5/y");
        assertThat(m.value()).isEqualTo("GET /{a}/{c}/y");
        assertThat(params(m)).containsExactly(Map.entry("a", "p"), Map.entry("c", "5"));
    }

    @Test
    void catchAllMatchesEmptyRestToo() {
        Router<String> r = router("GET /files/{p:*}");
        assertThat(params(r.match(GET, "/files/"))).containsExactly(Map.entry("p", ""));
        assertThat(params(r.match(GET, "/files"))).containsExactly(Map.entry("p", ""));
        assertThat(params(r.match(GET, "/files/a/b%20c"))).containsExactly(Map.entry("p", "a/b c"));
    }

    @Test
    void parametersArePercentDecoded() {
        Router<String> r = router("GET /u/{name}");
        assertThat(params(r.match(GET, "/u/J%C3%B6rg"))).containsExactly(Map.entry("name", "Jörg"));
        assertThat(params(r.match(GET, "/u/a+b"))).containsExactly(Map.entry("name", "a+b"));
    }

    @Test
    void staticSegmentsMatchPercentEncodedRequests() {
        Router<String> r = router("GET /café");
        assertThat(r.match(GET, "/caf%C3%A9").value()).isEqualTo("GET /café");
    }

    @Test
    void malformedPercentEncodingIsABadRequest() {
        Router<String> r = router("GET /u/{name}");
        assertThatThrownBy(() -> r.match(GET, "/u/%G1"))
                .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void wrongMethodReportsTheAllowedOnes() {
        Router<String> r = router("GET /r", "POST /r", "DELETE /r", "PUT /other");
        Router.Match<String> m = r.match(PUT, "/r");
        assertThat(m.found()).isFalse();
        assertThat(m.allowed()).containsExactlyInAnyOrder(GET, HEAD, POST, DELETE, OPTIONS);
    }

    @Test
    void headFallsBackToGet() {
        Router<String> r = router("GET /r", "POST /p");
        assertThat(r.match(HEAD, "/r").value()).isEqualTo("GET /r");
        assertThat(r.match(HEAD, "/p").found()).isFalse();
        assertThat(r.match(HEAD, "/p").allowed()).containsExactlyInAnyOrder(POST, OPTIONS);
    }

    @Test
    void duplicateRoutesAreRefused() {
        Router<String> r = router("GET /a/{id}");
        assertThatThrownBy(() -> r.add(GET, "/a/{id}", "again"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate route");
        r.add(POST, "/a/{id}", "POST is another route");
        assertThat(r.match(POST, "/a/1").value()).isEqualTo("POST is another route");
    }

    @Test
    void sameShapeMustUseTheSameParameterName() {
        Router<String> r = router("GET /a/{id}");
        assertThatThrownBy(() -> r.add(POST, "/a/{key}", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'key'").hasMessageContaining("'id'");
    }

    @Test
    void malformedPatternsAreRefused() {
        Router<String> r = new Router<>();
        assertThatThrownBy(() -> r.add(GET, "/x/{n:float}", "")).hasMessageContaining("float");
        assertThatThrownBy(() -> r.add(GET, "/x/{r:*}/y", "")).hasMessageContaining("last segment");
        assertThatThrownBy(() -> r.add(GET, "/x/a{b}", "")).hasMessageContaining("whole segment");
        assertThatThrownBy(() -> r.add(GET, "/x/{}", "")).hasMessageContaining("empty parameter name");
        assertThatThrownBy(() -> r.add(GET, "x", "")).hasMessageContaining("must start with '/'");
    }

    @Test
    void splitKeepsEmptySegments() {
        assertThat(Router.split("/")).isEmpty();
        assertThat(Router.split("/a/b")).containsExactly("a", "b");
        assertThat(Router.split("/a/")).containsExactly("a", "");
        assertThat(Router.split("//a")).containsExactly("", "a");
    }

    @Test
    void aStaticPathWithoutTheMethodLeavesItToAParameterRouteOrA405NamingBoth() {
        Router<String> r = router("POST /users/me", "GET /users/{id}", "GET /files/a", "PUT /files/{name}");
        assertThat(r.match(POST, "/users/me").value()).isEqualTo("POST /users/me");
        assertThat(r.match(POST, "/users/me").names()).isEmpty();
        Router.Match<String> m = r.match(GET, "/users/me");
        assertThat(m.value()).isEqualTo("GET /users/{id}");
        assertThat(params(m)).containsEntry("id", "me");
        assertThat(r.match(HEAD, "/files/a").value()).isEqualTo("GET /files/a");
        assertThat(r.match(PUT, "/files/a").value()).isEqualTo("PUT /files/{name}");
        Router.Match<String> none = r.match(DELETE, "/files/a");
        assertThat(none.found()).isFalse();
        assertThat(none.allowed()).containsExactlyInAnyOrder(GET, HEAD, PUT, OPTIONS);
    }
}
