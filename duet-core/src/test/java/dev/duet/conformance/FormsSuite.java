package dev.duet.conformance;

import dev.duet.App;
import dev.duet.Response;
import dev.duet.form.Form;
import dev.duet.form.Validation;
import dev.duet.form.ValidationException;
import dev.duet.template.Template;
import dev.duet.template.TemplateEngine;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forms and validation over every core: a page shown again with 422, the input kept (secrets
 * not) and the errors beside each field; the 422 JSON an API route answers, with its errors per
 * field; a readable page for a browser; a JSON body checked with the same errors. The readers
 * themselves are unit-tested in {@code dev.duet.form}.
 */
public abstract class FormsSuite extends ConformanceSuite {
    protected FormsSuite(Harness harness) {
        super(harness);
    }

    /** A record a JSON client sends. */
    public record Signup(String email, Integer age) {
    }

    /**
     * A test-only engine with one template, {@code signup.html}, written in Java: it prints what a
     * real template would ask of the form (each field's kept input and its errors), so that the
     * test sees exactly what the model held. Pebble's calls into the form are checked by
     * duet-pebble's and the tour's tests.
     */
    private static TemplateEngine signupPage() {
        return name -> !name.equals("signup.html") ? Optional.empty() : Optional.of(new Template() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void render(Map<String, ?> model, OutputStream out) throws java.io.IOException {
                Form form = (Form) model.get("form");
                StringBuilder page = new StringBuilder("<h1>" + model.get("title") + "</h1>\n");
                for (String field : List.of("email", "age", "password", "langs", "terms")) {
                    page.append(field).append('=').append(form.values(field)).append(' ')
                            .append(form.errors(field)).append('\n');
                }
                page.append("checked=").append(form.checked("terms")).append(" selected=").append(form.selected("langs", "go"));
                out.write(page.toString().getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    private static App app() {
        App app = newApp();
        app.templates(signupPage());
        app.get("/signup", req -> Response.status(200, dev.duet.View.of("signup.html", Map.of("title", "Sign up", "form", Form.empty()))));
        app.post("/signup", req -> {
            Form form = Form.of(req);
            String email = form.field("email").required().trim().email().value();
            int age = form.field("age").asInt().min(13).orElse(0);
            form.field("password").secret().required().minLength(8);
            List<String> langs = form.list("langs").oneOf("java", "go").value();
            boolean terms = form.field("terms").asBoolean().check(Boolean::booleanValue, "must be accepted").orElse(false);
            if (form.invalid()) return form.rerender("signup.html", Map.of("title", "Try again"));
            return Response.redirect("/welcome?email=" + email + "&age=" + age + "&langs=" + langs + "&terms=" + terms);
        });
        app.post("/api/signup", req -> {
            Form form = Form.of(req);
            form.field("email").required().email();
            form.field("age").asInt().min(13);
            form.orThrow();
            return Response.status(201, Map.of("created", form.field("email").value()));
        });
        app.post("/api/users", req -> {
            Signup body = Validation.validate(req.json(Signup.class), (v, s) -> {
                v.field("email", s.email()).required().email();
                v.field("age", s.age()).required().min(13);
            });
            return Response.status(201, body);
        });
        return app;
    }

    private static ClientRequest post(String uri, String urlEncoded) {
        return ClientRequest.post(uri).body(urlEncoded, "application/x-www-form-urlencoded");
    }

    @Test
    void anEmptyFormIsShownWith200() {
        var client = serve(app());
        ClientResponse res = client.get("/signup");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.text()).contains("<h1>Sign up</h1>", "email=[] []");
    }

    @Test
    void aValidFormIsReadTypedAndRedirects() {
        var client = serve(app());
        ClientResponse res = client.send(post("/signup",
                "email=+ada%40example.com+&age=36&password=longenough&langs=java&langs=go&terms=on"));
        assertThat(res.status()).as(res.toString()).isEqualTo(303);
        assertThat(res.header("Location")).isEqualTo("/welcome?email=ada@example.com&age=36&langs=[java, go]&terms=true");
    }

    @Test
    void anInvalidFormIsShownAgainWith422TheInputKeptAndEachFieldsErrors() {
        var client = serve(app());
        ClientResponse res = client.send(post("/signup", "email=ada&age=5&password=short&langs=go&langs=cobol"));
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.mediaType()).isEqualTo("text/html");
        assertThat(res.text()).contains(
                "<h1>Try again</h1>",
                "email=[ada] [must be an email address]",
                "age=[5] [must be at least 13]",
                "password=[] [must be at least 8 characters]",
                "langs=[go, cobol] [must be chosen from: java, go]",
                "terms=[] [must be accepted]",
                "checked=false selected=true");
        assertThat(res.text()).as("the secret is not echoed").doesNotContain("short");
    }

    @Test
    void aMissingFieldIsRequiredAndABodyThatIsNoFormHasNoFields() {
        var client = serve(app());
        ClientResponse res = client.send(ClientRequest.post("/signup").body("email=ada@example.com", "text/plain"));
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.text()).contains("email=[] [is required]", "password=[] [is required]");
    }

    @Test
    void anApiRouteAnswers422JsonWithTheErrorsPerField() {
        var client = serve(app());
        ClientResponse res = client.send(post("/api/signup", "email=nope&age=x").accept("application/json"));
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.mediaType()).isEqualTo("application/json");
        Map<String, Object> body = res.jsonMap();
        assertThat(body).containsOnlyKeys("error", "status", "requestId", "errors");
        assertThat(body.get("error")).isEqualTo("Invalid fields: email, age");
        assertThat(body.get("status")).isEqualTo(422);
        assertThat(body.get("requestId")).isEqualTo(res.header("X-Request-Id"));
        assertThat(body.get("errors")).isEqualTo(Map.of(
                "email", List.of("must be an email address"), "age", List.of("must be a whole number")));
        assertThat(client.send(post("/api/signup", "email=a%40b.co&age=20").accept("application/json")).status()).isEqualTo(201);
    }

    @Test
    void aBrowserGetsAReadablePageListingTheErrorsEscaped() {
        var client = serve(app());
        ClientResponse res = client.send(post("/api/signup", "age=%3Cb%3E").accept("text/html"));
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.mediaType()).isEqualTo("text/html");
        assertThat(res.text()).contains("Invalid fields: email, age", "<b>email</b>: is required",
                "<b>age</b>: must be a whole number");
    }

    @Test
    void aJsonBodyIsCheckedWithTheSameErrors() {
        var client = serve(app());
        ClientResponse bad = client.send(ClientRequest.post("/api/users").json(Map.of("email", "x", "age", 3)));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.jsonMap().get("errors")).isEqualTo(Map.of(
                "email", List.of("must be an email address"), "age", List.of("must be at least 13")));
        ClientResponse missing = client.send(ClientRequest.post("/api/users").json(Map.of()));
        assertThat(missing.jsonMap().get("errors")).isEqualTo(Map.of("email", List.of("is required"), "age", List.of("is required")));
        ClientResponse ok = client.send(ClientRequest.post("/api/users").json(Map.of("email", "a@b.co", "age", 40)));
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.jsonMap()).isEqualTo(Map.of("email", "a@b.co", "age", 40));
    }

    @Test
    void anErrorHandlerForValidationSeesTheErrorsFirst() {
        App app = app();
        app.error(ValidationException.class, (req, e) -> Response.status(400, Map.of("problems", e.errors())));
        var client = serve(app);
        ClientResponse res = client.send(post("/api/signup", "email=nope&age=20").accept("application/json"));
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.jsonMap()).isEqualTo(Map.of("problems", Map.of("email", List.of("must be an email address"))));
    }
}
