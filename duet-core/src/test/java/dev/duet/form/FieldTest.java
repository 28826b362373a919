package dev.duet.form;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The text reader: each check's pass and failure, absent values, trimming, and how chains stop. */
class FieldTest {
    private static Form form(String... pairs) {
        Map<String, List<String>> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return Form.of(fields);
    }

    @Test
    void aPresentRequiredFieldPassesAndGivesItsValue() {
        Form f = form("name", "Ada");
        assertThat(f.field("name").required().value()).isEqualTo("Ada");
        assertThat(f.valid()).isTrue();
        assertThat(f.errors()).isEmpty();
    }

    @Test
    void aMissingEmptyOrBlankRequiredFieldIsRequired() {
        Form f = form("empty", "", "blank", "   ");
        assertThat(f.field("missing").required().value()).isNull();
        assertThat(f.field("empty").required().value()).isNull();
        assertThat(f.field("blank").required("say something").value()).isNull();
        assertThat(f.errors()).containsExactly(
                Map.entry("missing", List.of("is required")),
                Map.entry("empty", List.of("is required")),
                Map.entry("blank", List.of("say something")));
        assertThat(f.invalid()).isTrue();
    }

    @Test
    void aFailedRequiredStopsTheChainSoOnlyOneErrorIsShown() {
        Form f = form();
        f.field("email").required().email().minLength(5).check(v -> false, "never");
        assertThat(f.errors("email")).containsExactly("is required");
    }

    @Test
    void anAbsentOptionalFieldPassesEveryCheckAndFallsBack() {
        Form f = form("email", "");
        Field email = f.field("email").trim().email().minLength(3).oneOf("a", "b").matches("x", "must be x");
        assertThat(f.valid()).isTrue();
        assertThat(email.value()).isEmpty();
        assertThat(email.orElse("none")).isEqualTo("none");
        assertThat(email.optional()).isEmpty();
        assertThat(f.field("other").value()).as("not sent").isNull();
    }

    @Test
    void trimStripsWhiteSpaceForTheChecksAndTheValueButTheInputIsKeptAsTyped() {
        Form f = form("email", "  ada@example.com ");
        assertThat(f.field("email").trim().email().value()).isEqualTo("ada@example.com");
        assertThat(f.value("email")).isEqualTo("  ada@example.com ");
    }

    @Test
    void emailAcceptsAddressesAndRefusesTheRest() {
        for (String ok : List.of("ada@example.com", "a.b+c@mail.example.org")) {
            Form f = form("email", ok);
            assertThat(f.field("email").email().value()).as(ok).isEqualTo(ok);
        }
        for (String bad : List.of("ada", "ada@", "@example.com", "ada@example", "ada @example.com", "a@b@c.com",
                "ada@example.", "a".repeat(250) + "@example.com")) {
            Form f = form("email", bad);
            assertThat(f.field("email").email().value()).as(bad).isNull();
            assertThat(f.errors("email")).as(bad).containsExactly("must be an email address");
        }
    }

    @Test
    void lengthsCountCharactersNotBytesOrCharsAndNameTheLimit() {
        Form f = form("name", "😀😀😀", "short", "ab", "long", "abcdef");
        assertThat(f.field("name").minLength(3).maxLength(3).value()).isEqualTo("😀😀😀");
        f.field("short").minLength(3);
        f.field("long").maxLength(5).maxLength(1);
        assertThat(f.errors()).containsExactly(
                Map.entry("short", List.of("must be at least 3 characters")),
                Map.entry("long", List.of("must be at most 5 characters", "must be at most 1 character")));
    }

    @Test
    void everyFailedCheckOfAPresentValueIsKeptInOrder() {
        Form f = form("password", "abc");
        Field pw = f.field("password").minLength(8).check(v -> v.chars().anyMatch(Character::isDigit), "needs a digit");
        assertThat(f.errors("password")).containsExactly("must be at least 8 characters", "needs a digit");
        assertThat(f.firstError("password")).isEqualTo("must be at least 8 characters");
        assertThat(f.invalid("password")).isTrue();
        assertThat(pw.valid()).isFalse();
        assertThat(pw.value()).as("an invalid value is not handed out").isNull();
        assertThat(pw.orElse("fallback")).isEqualTo("fallback");
    }

    @Test
    void matchesTheWholeValue() {
        Form f = form("zip", "12345", "bad", "1234x");
        assertThat(f.field("zip").matches("\\d{5}", "must be 5 digits").value()).isEqualTo("12345");
        f.field("bad").matches(Pattern.compile("\\d{4}"), "must be 4 digits");
        assertThat(f.errors()).containsExactly(Map.entry("bad", List.of("must be 4 digits")));
    }

    @Test
    void oneOfNamesTheChoices() {
        Form f = form("plan", "pro", "size", "huge");
        assertThat(f.field("plan").oneOf("free", "pro").value()).isEqualTo("pro");
        f.field("size").oneOf(List.of("s", "m", "l"));
        assertThat(f.errors("size")).containsExactly("must be one of: s, m, l");
    }

    @Test
    void secretFieldsAreNeverShownAgain() {
        Form f = form("password", "hunter2", "email", "a@b.co");
        f.field("password").secret().required();
        assertThat(f.value("password")).isEmpty();
        assertThat(f.values("password")).isEmpty();
        assertThat(f.input()).containsOnlyKeys("email");
        assertThat(f.value("email")).isEqualTo("a@b.co");
        assertThat(f.field("password").value()).as("the handler still reads it").isEqualTo("hunter2");
    }

    @Test
    void nameIsTheFieldsName() {
        assertThat(form().field("x").name()).isEqualTo("x");
    }
}
