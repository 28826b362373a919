package dev.duet.internal;

import dev.duet.DuetJson;
import dev.duet.HttpError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The codec's messages for bodies it cannot read, beyond the common ones RequestSuite checks on every core. */
class JsonTest {
    public record Event(String name, UUID id, LocalDate day, Instant at, boolean open, Map<String, Integer> seats,
                        List<Integer> tags) {
    }

    public record Checked(String code) {
        public Checked {
            if (code == null) throw HttpError.unprocessable("A code is needed", Map.of("code", "missing"));
        }
    }

    @Test
    void inDevModeEachAppHasACodecOfItsOwnThatReadsTheSame() {
        // Shared, Jackson's caches would keep the classes of every app duet run swapped out.
        assertThat(Json.forApp(false)).isSameAs(Json.defaults());
        Json dev = Json.forApp(true);
        assertThat(dev).isNotSameAs(Json.defaults()).isNotSameAs(Json.forApp(true));
        byte[] body = "{\"name\": \"a\", \"open\": true}".getBytes(StandardCharsets.UTF_8);
        assertThat(dev.<Event>read(body, Event.class)).isEqualTo(Json.defaults().<Event>read(body, Event.class));
    }

    private static String problem(String body, Class<?> type) {
        return problem(Json.defaults(), body, type);
    }

    private static String problem(Json json, String body, Class<?> type) {
        try {
            json.read(body.getBytes(StandardCharsets.UTF_8), type);
        } catch (HttpError e) {
            assertThat(e.status()).as(body).isEqualTo(400);
            return e.getMessage();
        }
        throw new AssertionError("read " + body + " without a problem");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"id": "nope"}                  | Field 'id' must be a UUID, got "nope"
            {"day": "2026-13-01"}           | Field 'day' must be a date like "2026-01-02", got "2026-13-01"
            {"at": "yesterday"}             | Field 'at' must be a date-time like "2026-01-02T03:04:05.600Z", got "yesterday"
            {"open": "yes"}                 | Field 'open' must be true or false, got "yes"
            {"seats": {"front": "many"}}    | Field 'seats.front' must be a number, got "many"
            {"seats": [1]}                  | Field 'seats' must be an object, got an array
            {"name": ["a"]}                 | Field 'name' must be a string, got an array
            "party"                         | The request body must be an object, got a string
            `{"name": "a",`                 | Malformed JSON in the request body at line 1, column 14: unexpected end of input
            {"name": "a\\q"}                | Malformed JSON in the request body at line 1, column 13: invalid escape '\\q' in a string
            {"name": 01}                    | Malformed JSON in the request body at line 1, column 11: invalid number: leading zeroes not allowed
            {"name": "a"} x                 | Malformed JSON in the request body at line 1, column 15: unexpected 'x', expected a string, number, object, array, true, false or null
            `{"name": "a" "b"}`             | Malformed JSON in the request body at line 1, column 14: unexpected character '"', expected ',' or '}'
            {"tags": [1 2]}                 | Malformed JSON in the request body at line 1, column 13: unexpected character '2', expected ',' or ']'
            """)
    void problemsAreNamedInTheSendersTerms(String body, String message) {
        assertThat(problem(body, Event.class)).isEqualTo(message);
    }

    @Test
    void noJacksonInternalsLeakIntoMessages() {
        for (String body : new String[]{"{\"name\":", "{\"open\": 12.5e", "{\"seats\": {\"a\": 1.5}}", "\u0000", "{\"at\": []}"}) {
            assertThat(problem(body, Event.class)).as(body)
                    .doesNotContain("Source", "REDACTED", "Feature", "`", "java.", "JsonToken", "dev.duet");
        }
    }

    @Test
    void aBlankBodyIsAnEmptyBody() {
        assertThat(problem(" \r\n\t", Event.class)).isEqualTo("Expected a JSON body, got an empty body");
        assertThat(problem("", Event.class)).isEqualTo("Expected a JSON body, got an empty body");
    }

    @Test
    void aControlCharacterInAStringMustBeEscaped() {
        assertThat(problem("{\"name\": \"a\nb\"}", Event.class))
                .isEqualTo("Malformed JSON in the request body at line 1, column 12: a control character in a string must be escaped");
    }

    @Test
    void nestingBeyondJacksonsLimitIsRefusedAndSaysSo() {
        assertThat(problem("[".repeat(2000), JsonNode.class))
                .isEqualTo("The request body is beyond what Duet reads as JSON: document nesting depth (501) exceeds the maximum allowed (500)");
    }

    @Test
    void anHttpErrorFromARecordsConstructorGoesOutAsItIs() {
        assertThatThrownBy(() -> Json.defaults().read("{}".getBytes(StandardCharsets.UTF_8), Checked.class))
                .isInstanceOfSatisfying(HttpError.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("A code is needed");
                });
    }

    @Test
    void unknownFieldsAreIgnoredUnlessTheAppAsksOtherwise() {
        assertThat(Json.defaults().<Event>read("{\"name\": \"a\", \"colour\": \"red\"}".getBytes(StandardCharsets.UTF_8), Event.class).name())
                .isEqualTo("a");
        Json strict = new Json(DuetJson.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
        assertThat(problem(strict, "{\"seats\": {}, \"colour\": \"red\"}", Event.class)).isEqualTo("Unknown field 'colour'");
    }
}
