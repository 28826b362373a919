package dev.duet.conformance;

import dev.duet.App;
import dev.duet.Route;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Page classes over every core: the test site under {@code dev.duet.conformance.site} (whose
 * templates sit beside its pages in the test resources), served by {@code app.pages(...)}. Each
 * page writes where it ran ({@link dev.duet.conformance.site.Where}) into its answer, so that the
 * kind of each method is checked by the thread that really ran it. Start-time errors and
 * discovery from a jar are checked once, in-process, by duet-core's {@code PagesTest} and
 * {@code PageDiscoveryTest}.
 */
public abstract class PagesSuite extends ConformanceSuite {
    private static final String SITE = "dev.duet.conformance.site";

    protected PagesSuite(Harness harness) {
        super(harness);
    }

    private static App site() {
        App app = newApp();
        app.templates(new ResourceTemplates());
        app.pages(SITE);
        return app;
    }

    /** The kind of thread a blocking method must have run on, as its answer spells it. */
    private String blocking() {
        return harness.threading() == Harness.Threading.EVENT_LOOP ? "virtual" : "";
    }

    /** Checks that {@code text} is {@code prefix} and the thread kind of a blocking method. */
    private void ranBlocking(String text, String prefix) {
        assertThat(text).startsWith(prefix).doesNotContain("loop");
        if (harness.threading() == Harness.Threading.EVENT_LOOP) assertThat(text).isEqualTo(prefix + "virtual");
    }

    private static ClientRequest form(String uri, Map<String, String> fields) {
        return ClientRequest.post(uri).form(fields);
    }

    private static String error(ClientResponse res) {
        return String.valueOf(res.jsonMap().get("error"));
    }

    @Test
    void everyPageClassIsARouteAtTheUrlItsPackageSpells() {
        App app = site();
        serve(app);
        Map<String, Boolean> asyncByRoute = new TreeMap<>();
        for (Route r : app.routes()) asyncByRoute.put(r.method() + " " + r.pattern(), r.isAsync());
        assertThat(asyncByRoute).isEqualTo(new TreeMap<>(Map.ofEntries(
                Map.entry("GET /", false),
                Map.entry("GET /about", false),
                Map.entry("GET /counts/{n:int}", false),
                Map.entry("GET /created", false),
                Map.entry("PUT /created", false),
                Map.entry("GET /files/{path:*}", false),
                Map.entry("GET /items/{name}", false),
                Map.entry("GET /later", true),
                Map.entry("PUT /later", true),
                Map.entry("POST /mixed", true),
                Map.entry("GET /new", false),
                Map.entry("POST /only", false),
                Map.entry("GET /todo", false),
                Map.entry("POST /todo", false),
                Map.entry("GET /tokens/{token:uuid}", false),
                Map.entry("GET /users", false),
                Map.entry("POST /users", true),
                Map.entry("PUT /users", false),
                Map.entry("PATCH /users", true),
                Map.entry("DELETE /users", false),
                Map.entry("GET /users/{id:long}", false),
                Map.entry("GET /users/{id:long}/edit", false))));
    }

    @Test
    void pathParametersAndTheirTypesComeFromUnderscoredPackages() {
        var client = serve(site());
        assertThat(client.get("/about").text()).isEqualTo("about");
        assertThat(client.get("/users/41").text()).isEqualTo("user 42");
        assertThat(client.get("/users/ada").status()).as("not a long").isEqualTo(404);
        assertThat(client.get("/items/pen").text()).isEqualTo("item pen");
        assertThat(client.get("/counts/9").text()).isEqualTo("count 10");
        assertThat(client.get("/counts/99999999999").status()).as("not an int").isEqualTo(404);
        assertThat(client.get("/tokens/" + UUID.randomUUID()).text()).isEqualTo("token 4");
        assertThat(client.get("/tokens/not-a-uuid").status()).isEqualTo(404);
        assertThat(client.get("/files/a/b/c.txt").text()).isEqualTo("file a/b/c.txt");
        assertThat(client.get("/new").text()).as("package new_ serves /new").isEqualTo("new");
        assertThat(client.get("/new_").status()).isEqualTo(404);
        assertThat(client.get("/users/_id_long").status()).as("the package's own spelling is no URL").isEqualTo(404);
        assertThat(client.get("/where").status()).as("a class not named Page is not a page").isEqualTo(404);
    }

    @Test
    void eachMethodRunsAsItsReturnTypeSays() {
        var client = serve(site());
        assertThat(client.get("/users").text()).startsWith("get users ").doesNotContain("loop").contains(blocking());
        assertThat(client.send(ClientRequest.put("/users")).text()).startsWith("put ").doesNotContain("loop").contains(blocking());
        assertThat(client.send(ClientRequest.delete("/users")).text()).startsWith("delete ").doesNotContain("loop").contains(blocking());
        String post = client.send(form("/users", Map.of("name", "ada"))).text();
        String patch = client.send(ClientRequest.of("PATCH", "/users")).text();
        assertThat(post).startsWith("post ada ");
        assertThat(patch).startsWith("patch ");
        if (harness.threading() == Harness.Threading.EVENT_LOOP) {
            assertThat(post).isEqualTo("post ada loop");
            assertThat(patch).isEqualTo("patch loop");
        }
    }

    @Test
    void otherMethodsAre405WithAllow() {
        var client = serve(site());
        ClientResponse post = client.send(ClientRequest.post("/about"));
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers("Allow")).containsExactly("GET, HEAD, OPTIONS");
        ClientResponse delete = client.send(ClientRequest.delete("/todo"));
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.headers("Allow")).containsExactly("GET, HEAD, POST, OPTIONS");
        ClientResponse get = client.get("/only");
        assertThat(get.status()).as("a page of actions only answers POST").isEqualTo(405);
        assertThat(get.headers("Allow")).containsExactly("POST, OPTIONS");
        assertThat(client.send(ClientRequest.head("/about")).status()).isEqualTo(200);
    }

    @Test
    void aRelativeViewNameIsTheTemplateBesideThePage() {
        var client = serve(site());
        ClientResponse home = client.get("/");
        assertThat(home.text()).isEqualTo("<h1>Hello home</h1>\n");
        assertThat(home.mediaType()).isEqualTo("text/html");
        assertThat(client.get("/users/5/edit").text()).isEqualTo("<form>edit 5</form>\n");
        assertThat(client.get("/users/5/edit?card=1").text()).as("../card.html: a level up").isEqualTo("<div>card 5</div>\n");

        ClientResponse created = client.get("/created");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).as("a response whose body is a view").isEqualTo("<p>created</p>\n");
        assertThat(client.send(ClientRequest.put("/created")).text()).as("an optional view").isEqualTo("<p>optional</p>\n");
        assertThat(client.send(ClientRequest.put("/created?missing=1")).status()).isEqualTo(404);

        ClientResponse later = client.get("/later");
        assertThat(later.text()).as("a view in a stage").startsWith("<p>later ");
        if (harness.threading() == Harness.Threading.EVENT_LOOP) assertThat(later.text()).isEqualTo("<p>later loop</p>\n");
        ClientResponse accepted = client.send(ClientRequest.put("/later"));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.text()).as("a response with a view, in a stage").isEqualTo("<p>later put</p>\n");
    }

    @Test
    void aPostNamingAnActionCallsItsMethod() {
        var client = serve(site());
        ranBlocking(client.send(form("/todo", Map.of("title", "milk"))).text(), "post ");
        ranBlocking(client.send(form("/todo", Map.of("_action", "delete", "id", "3"))).text(), "delete 3 ");
        ranBlocking(client.send(form("/todo?action=delete", Map.of("id", "4"))).text(), "delete 4 ");
        assertThat(client.send(ClientRequest.post("/todo?action=markDone")).text()).startsWith("markDone");
        assertThat(client.send(ClientRequest.post("/todo?action=MarkDone")).text()).as("the first letter's case is free")
                .startsWith("markDone");
        assertThat(client.send(form("/todo?action=delete", Map.of("_action", "delete", "id", "5"))).text())
                .as("both, agreeing").startsWith("delete 5");
        assertThat(client.send(form("/only", Map.of("_action", "ping"))).text()).isEqualTo("pong");
        assertThat(client.send(ClientRequest.post("/only?action=pong")).text()).isEqualTo("ping");
    }

    @Test
    void unknownMalformedOrConflictingActionsAre400() {
        var client = serve(site());
        ClientResponse unknown = client.send(form("/todo", Map.of("_action", "archive")).accept("application/json"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(error(unknown)).isEqualTo("Unknown action 'archive': this page's actions are delete, markDone");
        ClientResponse unknownInQuery = client.send(ClientRequest.post("/todo?action=markdone").accept("application/json"));
        assertThat(unknownInQuery.status()).isEqualTo(400);
        assertThat(error(unknownInQuery)).startsWith("Unknown action 'markdone'");

        for (String malformed : new String[]{"", "drop table", "1up", "mark-done", "ä", "a".repeat(65)}) {
            ClientResponse res = client.send(form("/todo", Map.of("_action", malformed)).accept("application/json"));
            assertThat(res.status()).as("_action=%s", malformed).isEqualTo(400);
            assertThat(error(res)).as("_action=%s", malformed).startsWith("Malformed action name '")
                    .endsWith("': an action is named by 1 to 64 letters or digits, starting with a letter");
        }
        assertThat(client.send(form("/todo", Map.of("_action", "a".repeat(64)))).status())
                .as("64 letters is a name, unknown here").isEqualTo(400);
        ClientResponse malformedQuery = client.send(ClientRequest.post("/todo?action=%2e%2e").accept("application/json"));
        assertThat(error(malformedQuery)).isEqualTo("Malformed action name '..': an action is named by 1 to 64 letters"
                + " or digits, starting with a letter");

        ClientResponse conflicting = client.send(form("/todo?action=delete", Map.of("_action", "markDone")).accept("application/json"));
        assertThat(conflicting.status()).isEqualTo(400);
        assertThat(error(conflicting)).isEqualTo("The form field _action ('markDone') and the query parameter action ('delete')"
                + " name different actions");

        ClientResponse noAction = client.send(ClientRequest.post("/only").accept("application/json"));
        assertThat(noAction.status()).isEqualTo(400);
        assertThat(error(noAction)).isEqualTo("This page has only actions: name one with the form field _action or the"
                + " query parameter action (ping, pong)");

        ClientResponse noActions = client.send(form("/users?action=purge", Map.of("name", "x")).accept("application/json"));
        assertThat(noActions.status()).as("a page without actions does not quietly run post").isEqualTo(400);
        assertThat(error(noActions)).isEqualTo("Unknown action 'purge': this page has no actions");
    }

    @Test
    void aPageMixingBlockingAndAsyncPostMethodsRunsEachWhereItsKindBelongs() {
        var client = serve(site());
        String post = client.send(ClientRequest.post("/mixed")).text();
        String archive = client.send(ClientRequest.post("/mixed?action=archive")).text();
        ClientResponse purge = client.send(form("/mixed", Map.of("_action", "purge")));
        assertThat(post).startsWith("post ").doesNotContain("loop");
        assertThat(archive).startsWith("archive ");
        assertThat(purge.text()).as("a blocking action's view, rendered").startsWith("<p>purged ").doesNotContain("loop");
        assertThat(purge.mediaType()).isEqualTo("text/html");
        if (harness.threading() == Harness.Threading.EVENT_LOOP) {
            assertThat(post).isEqualTo("post virtual");
            assertThat(archive).isEqualTo("archive loop");
            assertThat(purge.text()).isEqualTo("<p>purged virtual</p>\n");
        }
    }

    @Test
    void pagesInAGroupGetItsPrefixMiddlewareAndHooks() {
        App app = newApp();
        app.get("/outside", req -> "outside");
        app.group("/admin", admin -> admin
                .use((req, next) -> next.proceed().header("X-Admin", "yes"))
                .before(req -> {
                    if (req.header("X-User") == null) throw new dev.duet.HttpError(401, "Who are you?");
                    req.attribute("user", req.header("X-User"));
                })
                .pages("dev.duet.conformance.admin"));
        var client = serve(app);

        ClientResponse home = client.send(ClientRequest.get("/admin").header("X-User", "ada"));
        assertThat(home.text()).isEqualTo("admin home");
        assertThat(home.header("X-Admin")).isEqualTo("yes");
        ClientResponse stats = client.send(ClientRequest.get("/admin/stats").header("X-User", "ada"));
        assertThat(stats.text()).isEqualTo("stats for ada");
        assertThat(stats.header("X-Admin")).isEqualTo("yes");
        ClientResponse anonymous = client.get("/admin/stats");
        assertThat(anonymous.status()).as("the group's hook runs before the page").isEqualTo(401);
        assertThat(anonymous.header("X-Admin")).as("and its middleware sees the refusal").isEqualTo("yes");
        assertThat(client.get("/outside").header("X-Admin")).isNull();
        assertThat(client.get("/stats").status()).isEqualTo(404);
    }
}
