package dev.duet.template.pebble;

import dev.duet.form.Form;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A {@link Form} in a Pebble template: its input, errors and choices, escaped, as docs/forms.md shows them. */
class FormTemplateTest {
    private final PebbleTemplates engine = PebbleTemplates.builder().build();

    @Test
    void aFormWithErrorsShowsTheInputEscapedAndEachError() {
        Form form = Form.of(Map.of("email", List.of("<ada>"), "password", List.of("hunter2"), "age", List.of("5"),
                "terms", List.of("on"), "langs", List.of("go", "java")));
        form.field("email").email().check(v -> false, "has <b>");
        form.field("password").secret().minLength(8);
        form.field("age").asInt().min(13);
        assertThat(PebbleTemplatesTest.render(engine, "form.html", Map.of("form", form))).isEqualTo("""
                <input name="email" value="&lt;ada&gt;">
                <p class="error">must be an email address</p>
                <p class="error">has &lt;b&gt;</p>
                <input name="password" value="">
                invalid age: must be at least 13|
                <input type="checkbox" name="terms" checked>
                <option value="go" selected>
                """);
    }

    @Test
    void anEmptyFormShowsEmptyFieldsAndNoErrors() {
        assertThat(PebbleTemplatesTest.render(engine, "form.html", Map.of("form", Form.empty()))).isEqualTo("""
                <input name="email" value="">
                <input name="password" value="">
                 |
                <input type="checkbox" name="terms">
                <option value="go">
                """);
    }
}
