package dev.duet.form;

import dev.duet.HttpError;
import dev.duet.Response;
import dev.duet.View;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values from anywhere (a JSON record), cross-field errors, the exception and the page again. */
class ValidationTest {
    record Signup(String email, Integer age, LocalDate start, List<String> tags) {
    }

    @Test
    void aValidRecordComesBackAsItIs() {
        Signup in = new Signup("ada@example.com", 36, LocalDate.of(2030, 1, 1), List.of("a"));
        Signup out = Validation.validate(in, (v, s) -> {
            v.field("email", s.email()).required().email();
            v.field("age", s.age()).required().min(13);
            v.list("tags", s.tags()).maxSize(3);
        });
        assertThat(out).isSameAs(in);
    }

    @Test
    void anInvalidRecordIsA422WithEveryFieldsErrors() {
        Signup in = new Signup("nope", 5, LocalDate.of(2020, 1, 1), null);
        assertThatThrownBy(() -> Validation.validate(in, (v, s) -> {
            v.field("email", s.email()).required().email();
            v.field("age", s.age()).required().min(13);
            v.field("start", s.start()).min(LocalDate.of(2025, 1, 1));
            v.list("tags", s.tags()).required();
        })).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e).isInstanceOf(HttpError.class);
            assertThat(e.getMessage()).isEqualTo("Invalid fields: email, age, start, tags");
            assertThat(e.errors()).containsExactly(
                    Map.entry("email", List.of("must be an email address")),
                    Map.entry("age", List.of("must be at least 13")),
                    Map.entry("start", List.of("must be on or after 2025-01-01")),
                    Map.entry("tags", List.of("is required")));
            assertThat(e.details()).isEqualTo(e.errors());
        });
    }

    @Test
    void aMissingTypedValueIsRequiredOnlyWhenAsked() {
        Validation v = new Validation();
        assertThat(v.field("age", (Integer) null).min(13).orElse(0)).isZero();
        assertThat(v.valid()).isTrue();
        v.field("age", (Integer) null).required();
        assertThat(v.errors("age")).containsExactly("is required");
    }

    @Test
    void crossFieldErrorsAndChecksAreFiledUnderTheirField() {
        Form f = Form.of(Map.of("password", List.of("secret123"), "password2", List.of("secret124")));
        String pw = f.field("password").secret().required().minLength(8).value();
        String again = f.field("password2").secret().value();
        f.check("password2", pw == null || pw.equals(again), "does not match");
        f.check("password", true, "never");
        f.error("password2", "second error");
        assertThat(f.errors()).containsExactly(Map.entry("password2", List.of("does not match", "second error")));
        assertThat(f.errors("password")).isEmpty();
        assertThat(f.firstError("password")).isNull();
        assertThatThrownBy(f::orThrow).isInstanceOf(ValidationException.class);
    }

    @Test
    void theErrorsHandedOutAreACopy() {
        Validation v = new Validation().error("a", "x");
        Map<String, List<String>> before = v.errors();
        v.error("a", "y").error("b", "z");
        assertThat(before).containsExactly(Map.entry("a", List.of("x")));
        assertThatThrownBy(() -> before.get("a").add("w")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aValidFormDoesNotThrow() {
        Form f = Form.of(Map.of("x", List.of("1")));
        f.field("x").asInt().required();
        f.orThrow();
        assertThat(f.valid()).isTrue();
    }

    @Test
    void anExceptionNeedsAnErrorAndCanBeMadeForOneField() {
        assertThatThrownBy(() -> new ValidationException(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
        assertThat(ValidationException.of("email", "is already registered").errors())
                .containsExactly(Map.entry("email", List.of("is already registered")));
    }

    @Test
    void rerenderAnswers422WithTheFormInTheModel() {
        Form f = Form.of(Map.of("email", List.of("x")));
        f.field("email").email();
        Response res = f.rerender("signup.html", Map.of("title", "Sign up"));
        assertThat(res.status()).isEqualTo(422);
        View view = (View) res.body();
        assertThat(view.name()).isEqualTo("signup.html");
        assertThat(view.model()).containsEntry("title", "Sign up").containsEntry("form", f);
        assertThat(((View) f.rerender("a.html").body()).model()).containsOnlyKeys("form");
        assertThat(Form.empty().valid()).isTrue();
        assertThat(Form.empty().value("email")).isEmpty();
        assertThat(f.toString()).contains("email").contains("must be an email address");
    }
}
