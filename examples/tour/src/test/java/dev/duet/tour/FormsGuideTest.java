package dev.duet.tour;

import dev.duet.App;
import dev.duet.Response;
import dev.duet.UploadedFile;
import dev.duet.View;
import dev.duet.form.Form;
import dev.duet.form.Validation;
import dev.duet.form.ValidationException;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/forms.md, each run through the test client with the real template engine
 * (Pebble, as the tour has it); DocsExamplesTest checks that the guide shows exactly this code.
 * FormsSuite holds every core to the behaviour, and dev.duet.form's unit tests each reader.
 */
class FormsGuideTest extends GuideTestBase {
    /** A stand-in for the app's accounts. */
    static final class Accounts {
        final Map<String, Integer> byEmail = new ConcurrentHashMap<>();

        boolean emailTaken(String email) {
            return byEmail.containsKey(email);
        }

        void create(String email, int age) {
            byEmail.put(email, age);
        }
    }

    enum Plan { FREE, PRO }

    record NewUser(String email, Integer age, List<String> tags) {
    }

    private final Accounts accounts = new Accounts();

    private App signup(App app) {
        // snippet: forms-signup
        app.get("/signup", req -> View.of("guide/signup.html", Map.of("form", Form.empty())));
        app.post("/signup", req -> {
            Form form = Form.of(req);
            String email = form.field("email").required().trim().email().value();
            int age = form.field("age").asInt().min(13).orElse(0);
            String password = form.field("password").secret().required().minLength(8).value();
            if (email != null && accounts.emailTaken(email)) form.error("email", "is already registered");
            if (form.invalid()) return form.rerender("guide/signup.html");   // 422, input and errors kept
            accounts.create(email, age);
            return Response.redirect("/welcome");                           // post, redirect, get
        });
        // end snippet
        return app;
    }

    private static App readers(App app) {
        // snippet: forms-readers
        app.post("/order", req -> {
            Form form = Form.of(req);
            long product = form.field("product").asLong().required().orElse(0L);  // value(): null when invalid
            BigDecimal tip = form.field("tip").asDecimal().min(BigDecimal.ZERO).orElse(BigDecimal.ZERO);
            LocalDate day = form.field("day").asDate().min(LocalDate.of(2026, 1, 1)).value();
            Plan plan = form.field("plan").asEnum(Plan.class).orElse(Plan.FREE);
            String size = form.field("size").oneOf("s", "m", "l").orElse("m");
            boolean gift = form.field("gift").asBoolean().orElse(false);      // an unticked checkbox is false
            boolean terms = form.field("terms").asBoolean().check(Boolean::booleanValue, "must be accepted").orElse(false);
            List<String> toppings = form.list("toppings").oneOf("cheese", "olives").maxSize(2).value();
            String code = form.field("code").trim().matches("[A-Z]{3}-\\d{3}", "must look like ABC-123").value();
            form.orThrow();                                                   // 422 with every error
            return List.of(product, tip, String.valueOf(day), plan, size, gift, terms, toppings, String.valueOf(code));
        });
        // end snippet
        return app;
    }

    private static App files(App app) {
        // snippet: forms-files
        app.post("/avatar", req -> {
            Form form = Form.of(req);                    // a multipart form: its fields and its files
            String name = form.field("name").required().value();
            UploadedFile photo = form.file("photo").required().maxSize(1024 * 1024).type("image/png", "image/jpeg").value();
            form.orThrow();
            return Map.of("name", name, "photo", photo.fileName(), "size", photo.size());
        });
        // end snippet
        return app;
    }

    @Test
    void uploadedFilesAreCheckedBesideTheFields() {
        TestClient client = client(files(newApp()));
        TestResponse ok = client.send(TestRequest.post("/avatar").header("Accept", "application/json")
                .multipart(m -> m.field("name", "Ada").file("photo", "ada.png", "image/png", new byte[300])));
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.jsonMap()).containsEntry("photo", "ada.png").containsEntry("size", 300);
        TestResponse bad = client.send(TestRequest.post("/avatar").header("Accept", "application/json")
                .multipart(m -> m.file("photo", "cv.pdf", "application/pdf", new byte[300])));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.jsonMap().get("errors")).isEqualTo(Map.of("name", List.of("is required"),
                "photo", List.of("must be of type image/png or image/jpeg")));
    }

    private static App api(App app) {
        // snippet: forms-api
        app.post("/api/users", req -> {
            NewUser user = Validation.validate(req.json(NewUser.class), (v, u) -> {
                v.field("email", u.email()).required().email();
                v.field("age", u.age()).required().min(13);
                v.list("tags", u.tags()).maxSize(5);
            });
            return Response.json(user).status(201);
        });
        app.post("/api/invite", req -> {
            String email = req.json(NewUser.class).email();
            if ("taken@example.com".equals(email)) throw ValidationException.of("email", "is already registered");
            return Response.status(202, Map.of("invited", email));
        });
        // end snippet
        return app;
    }

    private static TestRequest form(String uri, String urlEncoded) {
        return TestRequest.post(uri).body(urlEncoded, "application/x-www-form-urlencoded");
    }

    @Test
    void theGuideShowsExactlyTheTemplateUsedHere() throws java.io.IOException {
        java.nio.file.Path root = dev.duet.conformance.DocSnippets.projectRoot();
        String doc = java.nio.file.Files.readString(root.resolve("docs/forms.md"));
        java.util.regex.Matcher shown = java.util.regex.Pattern.compile("<!-- template: guide/signup.html -->\\s*\\n```twig\\n(.*?)```",
                java.util.regex.Pattern.DOTALL).matcher(doc);
        assertThat(shown.find()).as("docs/forms.md shows templates/guide/signup.html").isTrue();
        assertThat(shown.group(1)).isEqualTo(java.nio.file.Files.readString(
                root.resolve("examples/tour/src/test/resources/templates/guide/signup.html")));
    }

    @Test
    void theSignupPageIsShownAgainWithTheInputAndItsErrors() {
        TestClient client = client(signup(newApp()));
        assertThat(client.get("/signup").text()).contains("name=\"_csrf\"").contains("<input name=\"email\" type=\"email\" value=\"\">");
        TestResponse bad = client.send(form("/signup", "email=ada%40example&age=9&password=short"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.text()).contains("value=\"ada@example\"", "<p class=\"error\">must be an email address</p>",
                "value=\"9\"", "<p class=\"error\">must be at least 13</p>",
                "<p class=\"error\">must be at least 8 characters</p>").doesNotContain("short");
        TestResponse ok = client.send(form("/signup", "email=ada%40example.com&password=long+enough"));
        assertThat(ok.status()).isEqualTo(303);
        assertThat(accounts.byEmail).containsEntry("ada@example.com", 0);
        TestResponse taken = client.send(form("/signup", "email=ada%40example.com&password=long+enough"));
        assertThat(taken.text()).contains("<p class=\"error\">is already registered</p>");
    }

    @Test
    void everyReaderReadsItsKind() {
        TestClient client = client(readers(newApp()));
        TestResponse ok = client.send(form("/order", "product=7&tip=1.50&day=2026-12-24&plan=pro&size=l&terms=on"
                + "&toppings=cheese&toppings=olives&code=+ABC-123+").header("Accept", "application/json"));
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.text()).isEqualTo("[7,1.50,\"2026-12-24\",\"PRO\",\"l\",false,true,[\"cheese\",\"olives\"],\"ABC-123\"]");
        TestResponse bad = client.send(form("/order", "tip=-1&day=2025-12-24&plan=gold&size=xl&gift=maybe"
                + "&toppings=ham&code=abc").header("Accept", "application/json"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.jsonMap().get("errors")).isEqualTo(new java.util.LinkedHashMap<>(Map.of(
                "product", List.of("is required"),
                "tip", List.of("must be at least 0"),
                "day", List.of("must be on or after 2026-01-01"),
                "plan", List.of("must be one of: free, pro"),
                "size", List.of("must be one of: s, m, l"),
                "gift", List.of("must be true or false"),
                "terms", List.of("must be accepted"),
                "toppings", List.of("must be chosen from: cheese, olives"),
                "code", List.of("must look like ABC-123"))));
    }

    @Test
    void jsonBodiesGetTheSameFieldErrors() {
        TestClient client = client(api(newApp()));
        TestResponse bad = client.send(TestRequest.post("/api/users").json(Map.of("email", "nope", "age", 12)));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.jsonMap()).containsEntry("error", "Invalid fields: email, age").containsEntry("status", 422)
                .containsEntry("errors", Map.of("email", List.of("must be an email address"), "age", List.of("must be at least 13")))
                .containsKey("requestId");
        TestResponse ok = client.send(TestRequest.post("/api/users").json(Map.of("email", "a@b.co", "age", 30)));
        assertThat(ok.status()).isEqualTo(201);
        TestResponse taken = client.send(TestRequest.post("/api/invite").json(Map.of("email", "taken@example.com")));
        assertThat(taken.status()).isEqualTo(422);
        assertThat(taken.jsonMap().get("errors")).isEqualTo(Map.of("email", List.of("is already registered")));
        TestResponse page = client.send(TestRequest.post("/api/invite").json(Map.of("email", "taken@example.com"))
                .header("Accept", "text/html"));
        assertThat(page.text()).contains("<li><b>email</b>: is already registered</li>");
    }
}
