package dev.duet.conformance;

import dev.duet.test.MultipartBody;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile content in requests that are well framed: bytes that are not UTF-8 where text is read
 * (a JSON body, a form, a multipart text field, the query, the path), a Content-Type that only
 * looks like JSON, numbers that overflow their type, duplicate keys and lone surrogates. Each is a
 * 400 (or 415) saying what is wrong, never decoded leniently nor stored. Unlike
 * {@link HostileInputSuite} these hold in-process too: the readers are Duet's, not the core's.
 */
public abstract class HostileBodiesSuite extends ConformanceSuite {
    /** {@code C0 AF}: an overlong (invalid) encoding of {@code /}, which a lenient decoder turns into one. */
    private static final byte[] OVERLONG_SLASH = {(byte) 0xC0, (byte) 0xAF};

    private Harness.Client client;

    protected HostileBodiesSuite(Harness harness) {
        super(harness);
    }

    /** Reads a JSON body as a record and echoes it. */
    record User(String name) {
    }

    record Reading(double value) {
    }

    record Small(float value) {
    }

    record Count(int value) {
    }

    @BeforeEach
    void app() {
        var app = newApp();
        app.post("/user", req -> req.json(User.class));
        app.post("/reading", req -> req.json(Reading.class));
        app.post("/small", req -> req.json(Small.class));
        app.post("/count", req -> req.json(Count.class));
        app.post("/map", req -> req.json(Map.class));
        app.post("/form", req -> req.formParams());
        app.get("/query", req -> req.queryParams());
        app.get("/path/{p}", req -> req.pathParam("p"));
        client = serve(app);
    }

    private ClientResponse post(String uri, byte[] body, String contentType) {
        ClientRequest r = ClientRequest.post(uri).body(body, contentType).accept("application/json");
        return client.send(harness.overHttp() ? r : r.header("Host", "127.0.0.1"));
    }

    private ClientResponse json(String uri, String body) {
        return post(uri, body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }

    private static void assertBad(ClientResponse res, String says) {
        assertThat(res.status()).as("%s", res).isEqualTo(400);
        assertThat(res.text()).contains(says);
    }

    /** A 400 for a bad request target: in Duet's words, or the container's where it decodes the target itself (Tomcat). */
    private void assertBadTarget(ClientResponse res, String says) {
        assertThat(res.status()).as("%s", res).isEqualTo(400);
        if (harness.lacks(Harness.Capability.DUET_ANSWERS_MALFORMED_REQUESTS) == null) assertThat(res.text()).contains(says);
    }

    // ---- UTF-8 ----

    @Test
    void anOverlongSlashInAJsonBodyIsRefusedNotDecoded() {
        var res = post("/user", concat("{\"name\":\"..", OVERLONG_SLASH, "etc\"}"), "application/json");
        assertBad(res, "Invalid UTF-8 in the JSON request body");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"80", "e282", "eda080", "f4908080", "ff"})
    void malformedUtf8InAJsonBodyIsRefused(String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex); // a stray continuation, a cut sequence, a surrogate, past U+10FFFF, never UTF-8
        assertBad(post("/user", concat("{\"name\":\"", bad, "\"}"), "application/json"), "Invalid UTF-8");
    }

    @Test
    void wellFormedUtf8PassesEveryReader() {
        assertThat(json("/user", "{\"name\":\"caf\u00e9 \ud83d\ude00\"}").jsonMap()).containsEntry("name", "caf\u00e9 \ud83d\ude00");
        assertThat(post("/form", "a=caf%C3%A9&b=\u00e9".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded").jsonMap())
                .containsEntry("a", List.of("caf\u00e9")).containsEntry("b", List.of("\u00e9"));
        assertThat(client.get("/query?q=caf%C3%A9").jsonMap()).containsEntry("q", List.of("caf\u00e9"));
        assertThat(client.get("/path/caf%C3%A9").text()).isEqualTo("caf\u00e9");
    }

    @Test
    void invalidUtf8InAFormBodyIsRefused() {
        assertBad(post("/form", concat("a=", OVERLONG_SLASH, ""), "application/x-www-form-urlencoded"), "Invalid UTF-8 in the request body");
        assertBad(post("/form", "a=%C0%AF".getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded"),
                "Invalid UTF-8 in a query or form parameter");
    }

    @Test
    void invalidUtf8InAMultipartTextFieldIsRefused() {
        MultipartBody body = MultipartBody.create().part("Content-Disposition: form-data; name=\"a\"\r\n", concat("x", OVERLONG_SLASH, "y"));
        assertBad(post("/form", body.bytes(), body.contentType()), "Invalid UTF-8 in form field 'a'");
    }

    @Test
    void invalidUtf8InTheQueryOrPathIsRefused() {
        assertBad(client.get("/query?q=%C0%AF"), "Invalid UTF-8 in a query or form parameter");
        assertBadTarget(client.get("/path/%C0%AF"), "Invalid UTF-8 in the request path");
        assertBadTarget(client.get("/path/%ED%A0%80"), "Invalid UTF-8 in the request path"); // an encoded surrogate
    }

    // ---- the JSON media type ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/jsonx", "application/json-seq", "text/json", "application/x-json", "text/plain", "application/+json"})
    void aContentTypeThatOnlyLooksLikeJsonIs415(String type) {
        var res = post("/user", "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8), type);
        assertThat(res.status()).as("%s", res).isEqualTo(415);
        assertThat(res.text()).contains("got " + type);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON", "application/problem+json",
            "application/vnd.api+json; v=1"})
    void jsonAndPlusJsonTypesPass(String type) {
        var res = post("/user", "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8), type);
        assertThat(res.status()).as("%s", res).isEqualTo(200);
    }

    @Test
    void aFormTypeIsMatchedWholeNotByItsPrefix() {
        var res = post("/form", "a=1".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencodedx");
        assertThat(res.jsonMap()).isEmpty();
    }

    // ---- numbers, duplicate keys, lone surrogates ----

    @Test
    void aNumberThatOverflowsADoubleIs400NotInfinity() {
        assertBad(json("/reading", "{\"value\":1e999999999}"), "Field 'value' must be a number a double holds");
        assertBad(json("/reading", "{\"value\":-1e400}"), "Field 'value' must be a number a double holds");
        assertBad(json("/small", "{\"value\":1e39}"), "Field 'value' must be a number a float holds");
        assertBad(json("/count", "{\"value\":99999999999}"), "Field 'value' must be a number from");
        assertBad(json("/map", "{\"value\":1e999999999}"), "a number a double holds");
        assertThat(json("/reading", "{\"value\":1.5e300}").jsonMap()).containsEntry("value", 1.5e300);
        assertThat(json("/map", "{\"value\":2.5,\"n\":3}").jsonMap()).containsEntry("value", 2.5).containsEntry("n", 3);
    }

    /** Duplicate keys are refused: a check that read the first and code that reads the last would disagree. */
    @Test
    void duplicateKeysAre400() {
        assertBad(json("/user", "{\"name\":\"a\",\"name\":\"admin\"}"), "duplicate Object property");
        assertBad(json("/map", "{\"a\":{\"b\":1,\"b\":2}}"), "duplicate Object property");
    }

    /** A lone surrogate escape is no character: refused, where it was stored before. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\\ud800", "\\uDBFF", "\\udc00", "a\\ud800b", "\\ud800\\u0041", "\\ude00\\ud83d"})
    void loneSurrogatesAre400(String escaped) {
        assertBad(json("/user", "{\"name\":\"" + escaped + "\"}"), "lone surrogate");
    }

    // ---- the log of a refusal ----

    /** The 501 for an unknown method is logged under the method sent, not as a GET. */
    @Test
    void anUnknownMethodIsLoggedUnderItsOwnName() throws Exception {
        try (LogCapture log = LogCapture.of("dev.duet.App")) {
            ClientRequest r = ClientRequest.of("FOO", "/query?x=1");
            var res = client.send(harness.overHttp() ? r : r.header("Host", "127.0.0.1"));
            assertThat(res.status()).isEqualTo(501);
            var line = log.await(e -> e.getFormattedMessage().contains("answered 501"), java.time.Duration.ofSeconds(5));
            assertThat(line.getFormattedMessage()).contains("Request FOO /query?x=1 ").doesNotContain("GET");
        }
    }

    @Test
    void aSurrogatePairAndAnEscapedBackslashPass() {
        assertThat(json("/user", "{\"name\":\"\\ud83d\\ude00\"}").jsonMap()).containsEntry("name", "\ud83d\ude00");
        assertThat(json("/user", "{\"name\":\"\\\\ud800\"}").jsonMap()).containsEntry("name", "\\ud800");
    }
}
