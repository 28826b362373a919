package dev.duet.spi;

import dev.duet.Config;
import dev.duet.Cookie;
import dev.duet.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each rule of {@link OutgoingResponse}, one test each, through a sink that records what a core would write. */
class OutgoingResponseTest {
    private static final Config CONFIG = Config.builder().serverHeader("Duet-Test").build();

    /** Records each call as {@code method name: value}, so a test sees which hook a header went through. */
    private static final class Recorder implements OutgoingResponse.HeaderSink<List<String>> {
        @Override
        public void add(List<String> target, String name, String value) {
            target.add(name + ": " + value);
        }

        @Override
        public void contentType(List<String> target, String value) {
            target.add("(contentType) " + value);
        }

        @Override
        public void server(List<String> target, String value) {
            target.add("(server) " + value);
        }

        @Override
        public void date(List<String> target, String value) {
            target.add("(date) " + value);
        }

        @Override
        public void contentLength(List<String> target, long length) {
            target.add("(contentLength) " + length);
        }

        @Override
        public void chunked(List<String> target) {
            target.add("(chunked)");
        }

        @Override
        public void connection(List<String> target, boolean close) {
            target.add("(connection) " + (close ? "close" : "keep"));
        }
    }

    /** A sink with only {@code add}: the headers exactly as a core without native hooks writes them. */
    private static final OutgoingResponse.HeaderSink<List<String>> PLAIN = (target, name, value) -> target.add(name + ": " + value);

    private static List<String> headers(OutgoingResponse out, boolean close) {
        List<String> written = new ArrayList<>();
        out.writeHeaders(written, new Recorder(), close);
        written.removeIf(h -> h.startsWith("(date) ")); // checked on its own: it changes every second
        return written;
    }

    private static List<String> plainHeaders(OutgoingResponse out, boolean close) {
        List<String> written = new ArrayList<>();
        out.writeHeaders(written, PLAIN, close);
        return written;
    }

    /** A body Jackson cannot write: its one property throws. */
    public record Unwritable(String name) {
        public String getBoom() {
            throw new IllegalStateException("no JSON for this");
        }
    }

    // ---- status and framing ----

    @Test
    void aBodyOfBytesIsFramedByItsLengthInBytes() {
        OutgoingResponse out = OutgoingResponse.of(Response.text("héllo").status(201), false, CONFIG);
        assertThat(out.status()).isEqualTo(201);
        assertThat(out.framing()).isEqualTo(OutgoingResponse.Framing.LENGTH);
        assertThat(out.hasBody()).isTrue();
        assertThat(out.streamsBody()).isFalse();
        assertThat(out.body()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
        assertThat(out.contentLength()).isEqualTo(6);
        assertThat(headers(out, false)).containsExactly(
                "(contentType) text/plain; charset=utf-8", "(server) Duet-Test", "(contentLength) 6", "(connection) keep");
    }

    @Test
    void anEmptyBodyStillSaysItsLengthIsZero() {
        OutgoingResponse out = OutgoingResponse.of(new Response(), false, CONFIG);
        assertThat(out.framing()).isEqualTo(OutgoingResponse.Framing.LENGTH);
        assertThat(out.body()).isEmpty();
        assertThat(headers(out, false)).containsExactly("(server) Duet-Test", "(contentLength) 0", "(connection) keep");
    }

    @Test
    void aStreamedBodyIsStreamedAndAnnouncedAsChunked() throws Exception {
        Response.StreamBody body = os -> os.write("abc".getBytes(StandardCharsets.UTF_8));
        OutgoingResponse out = OutgoingResponse.of(Response.stream("text/csv", body), false, CONFIG);
        assertThat(out.framing()).isEqualTo(OutgoingResponse.Framing.STREAM);
        assertThat(out.hasBody()).isTrue();
        assertThat(out.streamsBody()).isTrue();
        assertThat(out.stream()).isSameAs(body);
        assertThat(out.body()).isNull();
        assertThat(out.contentLength()).isEqualTo(-1);
        assertThat(headers(out, false)).containsExactly(
                "(contentType) text/csv", "(server) Duet-Test", "(chunked)", "(connection) keep");
        assertThat(plainHeaders(out, false)).contains("Transfer-Encoding: chunked").noneMatch(h -> h.startsWith("Content-Length"));
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        out.stream().writeTo(written);
        assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    @Test
    void aSizedStreamIsStreamedButAnnouncedByItsLength() throws Exception {
        OutgoingResponse out = OutgoingResponse.of(Response.stream("video/mp4", 3,
                os -> os.write("abc".getBytes(StandardCharsets.UTF_8))), false, CONFIG);
        assertThat(out.framing()).isEqualTo(OutgoingResponse.Framing.STREAM);
        assertThat(out.streamsBody()).isTrue();
        assertThat(out.chunked()).isFalse();
        assertThat(out.contentLength()).isEqualTo(3);
        assertThat(headers(out, false)).containsExactly(
                "(contentType) video/mp4", "(server) Duet-Test", "(contentLength) 3", "(connection) keep");
        assertThat(plainHeaders(out, false)).contains("Content-Length: 3").noneMatch(h -> h.startsWith("Transfer-Encoding"));
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        out.stream().writeTo(written);
        assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo("abc");

        OutgoingResponse head = OutgoingResponse.of(Response.stream("video/mp4", 1_000_000_000_000L, os -> {
            throw new AssertionError("a HEAD answer never runs the body");
        }), true, CONFIG);
        assertThat(head.hasBody()).isFalse();
        assertThat(plainHeaders(head, false)).contains("Content-Length: 1000000000000");
    }

    @Test
    void aSizedStreamFailsWhenItWritesMoreOrFewerBytesThanItsLength() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Response.SizedStream tooLong = new Response.SizedStream(2, os -> os.write(new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> tooLong.writeTo(sink)).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("more than the 2 bytes");
        assertThat(sink.size()).as("the byte too many is not passed on").isZero();
        Response.SizedStream tooShort = new Response.SizedStream(5, os -> os.write(1));
        assertThatThrownBy(() -> tooShort.writeTo(new ByteArrayOutputStream())).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("wrote 1 of the 5 bytes");
        assertThatThrownBy(() -> new Response.SizedStream(-1, os -> { })).isInstanceOf(IllegalArgumentException.class);
        OutgoingResponse chunked = OutgoingResponse.of(Response.stream("text/plain", os -> { }), false, CONFIG);
        assertThat(chunked.chunked()).isTrue();
    }

    @Test
    void noContentNotModifiedAndInformationalAnswersHaveNoBodyNoFramingAndNoDerivedType() {
        for (int status : new int[] {204, 304, 100, 199}) {
            // a body that could not even be encoded: it is not, since it is not sent
            Response res = Response.json(new Unwritable("x")).status(status);
            OutgoingResponse out = OutgoingResponse.of(res, false, CONFIG);
            assertThat(out.status()).as("%d", status).isEqualTo(status);
            assertThat(out.framing()).as("%d", status).isEqualTo(OutgoingResponse.Framing.NONE);
            assertThat(out.hasBody()).as("%d", status).isFalse();
            assertThat(out.body()).as("%d", status).isNull();
            assertThat(headers(out, false)).as("%d", status).containsExactly("(server) Duet-Test", "(connection) keep");
        }
        Response streamed = Response.stream("text/plain", os -> os.write(1)).status(204);
        assertThat(OutgoingResponse.of(streamed, false, CONFIG).streamsBody()).as("a streamed 204 is not streamed").isFalse();
    }

    @Test
    void aBodyThatCannotBeEncodedBecomesTheCoresOwn500KeepingOnlyTheRequestId() {
        Response res = Response.json(new Unwritable("x")).status(201)
                .header("X-Request-Id", "req-7").header("Location", "/x/1").cookie(Cookie.of("s", "1"));
        OutgoingResponse out = OutgoingResponse.of(res, false, CONFIG);
        assertThat(out.status()).isEqualTo(500);
        assertThat(out.framing()).isEqualTo(OutgoingResponse.Framing.LENGTH);
        assertThat(new String(out.body(), StandardCharsets.UTF_8)).isEqualTo("Internal Server Error");
        // (the security headers are the config's, not the app's: a core's own answer carries them too)
        assertThat(headers(out, false)).containsExactly("X-Content-Type-Options: nosniff", "X-Frame-Options: DENY",
                "Referrer-Policy: strict-origin-when-cross-origin",
                "Content-Security-Policy: " + Config.DEFAULT_CSP.replace(" 'nonce-{nonce}'", ""), "X-Request-Id: req-7",
                "(contentType) text/plain; charset=utf-8", "(server) Duet-Test", "(contentLength) 21", "(connection) keep");

        Config json = Config.builder().errors(Config.ErrorFormat.JSON).build();
        OutgoingResponse asJson = OutgoingResponse.of(Response.json(new Unwritable("x")), false, json);
        assertThat(asJson.status()).isEqualTo(500);
        assertThat(new String(asJson.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"Internal Server Error\",\"status\":500}");
        assertThat(headers(asJson, false)).contains("(contentType) application/json");
    }

    // ---- HEAD ----

    @Test
    void headGetsTheHeadersOfItsGetAndNoBody() {
        Response res = Response.text("twelve bytes").header("X-A", "1");
        OutgoingResponse get = OutgoingResponse.of(res, false, CONFIG);
        OutgoingResponse head = OutgoingResponse.of(res, true, CONFIG);
        assertThat(head.hasBody()).isFalse();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.framing()).isEqualTo(OutgoingResponse.Framing.LENGTH);
        assertThat(headers(head, false)).isEqualTo(headers(get, false)).contains("(contentLength) 12");

        OutgoingResponse headOfStream = OutgoingResponse.of(Response.stream("text/plain", os -> { }), true, CONFIG);
        assertThat(headOfStream.hasBody()).isFalse();
        assertThat(headOfStream.streamsBody()).isFalse();
        assertThat(headers(headOfStream, false)).contains("(chunked)");
    }

    @Test
    void anEmptyHeadAnswerKeepsTheAppsValidContentLength() {
        assertThat(headLength("42")).isEqualTo(42);
        assertThat(headLength(" 7 ")).isEqualTo(7);
        for (String invalid : new String[] {"abc", "-1", "+5", "", "1 2", "99999999999999999999"}) {
            assertThat(headLength(invalid)).as("'%s'", invalid).isZero();
        }
        // only for HEAD, and only when the body is empty: otherwise the body's length is the truth
        Response declared = new Response().header("Content-Length", "42");
        assertThat(OutgoingResponse.of(declared, false, CONFIG).contentLength()).isZero();
        Response withBody = Response.text("abc").header("Content-Length", "42");
        assertThat(OutgoingResponse.of(withBody, true, CONFIG).contentLength()).isEqualTo(3);
    }

    private static long headLength(String declared) {
        OutgoingResponse out = OutgoingResponse.of(new Response().header("Content-Length", declared), true, CONFIG);
        assertThat(headers(out, false)).containsOnlyOnce("(contentLength) " + out.contentLength());
        return out.contentLength();
    }

    // ---- headers ----

    @Test
    void theAppsFramingConnectionAndDateHeadersAreNotSent() {
        Response res = Response.text("hi")
                .header("content-length", "999").header("Transfer-Encoding", "gzip")
                .header("CONNECTION", "upgrade").header("date", "Thu, 01 Jan 1970 00:00:00 GMT")
                .header("X-Kept", "yes");
        List<String> written = plainHeaders(OutgoingResponse.of(res, false, CONFIG), false);
        assertThat(written).filteredOn(h -> !h.startsWith("Date: ")).containsExactly(
                "X-Kept: yes", "Content-Type: text/plain; charset=utf-8", "Server: Duet-Test", "Content-Length: 2");
        assertThat(written).filteredOn(h -> h.startsWith("Date: ")).hasSize(1).noneMatch(h -> h.contains("1970"));
    }

    @Test
    void theAppsContentTypeWinsOverTheDerivedOneAndGoesThroughTheContentTypeHook() {
        Response res = Response.text("hi").header("Content-Type", "text/x-custom; charset=utf-8");
        assertThat(headers(OutgoingResponse.of(res, false, CONFIG), false))
                .containsOnlyOnce("(contentType) text/x-custom; charset=utf-8")
                .noneMatch(h -> h.contains("text/plain"));
        // derived from the body when the app set none
        assertThat(headers(OutgoingResponse.of(Response.status(200, "<p>hi</p>"), false, CONFIG), false))
                .contains("(contentType) text/html; charset=utf-8");
        assertThat(headers(OutgoingResponse.of(Response.status(200, new byte[] {1}), false, CONFIG), false))
                .contains("(contentType) application/octet-stream");
        // an explicit header on a 204 is the app's business: it is sent as set
        Response noContent = Response.noContent().header("Content-Type", "text/plain");
        assertThat(headers(OutgoingResponse.of(noContent, false, CONFIG), false)).contains("(contentType) text/plain");
    }

    @Test
    void eachCookieIsOneSetCookieHeader() {
        Response res = Response.text("hi").cookie(Cookie.of("a", "1")).cookie(Cookie.of("b", "2").path("/x"));
        assertThat(headers(OutgoingResponse.of(res, false, CONFIG), false)).filteredOn(h -> h.startsWith("Set-Cookie"))
                .containsExactly("Set-Cookie: a=1; Path=/; HttpOnly; SameSite=Lax", "Set-Cookie: b=2; Path=/x; HttpOnly; SameSite=Lax");
    }

    @Test
    void theServerHeaderIsTheSettingUnlessEmptyOrTheAppSetsItsOwn() {
        assertThat(headers(OutgoingResponse.of(Response.text("x"), false, CONFIG), false)).contains("(server) Duet-Test");
        Response own = Response.text("x").header("Server", "mine");
        assertThat(headers(OutgoingResponse.of(own, false, CONFIG), false))
                .contains("Server: mine").noneMatch(h -> h.startsWith("(server)"));
        Config none = Config.builder().serverHeader("").build();
        assertThat(plainHeaders(OutgoingResponse.of(Response.text("x"), false, none), false))
                .noneMatch(h -> h.startsWith("Server"));
    }

    @Test
    void everyAnswerIsDatedNow() {
        List<String> written = plainHeaders(OutgoingResponse.of(Response.noContent(), false, CONFIG), false);
        List<String> dates = written.stream().filter(h -> h.startsWith("Date: ")).toList();
        assertThat(dates).hasSize(1);
        String date = dates.getFirst().substring("Date: ".length());
        assertThat(date).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        long sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        assertThat(sent).isCloseTo(Instant.now().getEpochSecond(), within(5L));
    }

    @Test
    void theConnectionClosesWhenTheAppOrTheCoreSaysSo() {
        OutgoingResponse plain = OutgoingResponse.of(Response.text("x"), false, CONFIG);
        assertThat(plain.closeAsked()).isFalse();
        assertThat(headers(plain, false)).endsWith("(connection) keep");
        assertThat(headers(plain, true)).endsWith("(connection) close");
        assertThat(plainHeaders(plain, false)).noneMatch(h -> h.startsWith("Connection"));
        assertThat(plainHeaders(plain, true)).endsWith("Connection: close");

        for (String asked : new String[] {"close", "Close", " keep-alive, CLOSE "}) {
            OutgoingResponse out = OutgoingResponse.of(Response.text("x").header("Connection", asked), false, CONFIG);
            assertThat(out.closeAsked()).as(asked).isTrue();
            assertThat(headers(out, false)).as(asked).endsWith("(connection) close");
        }
        OutgoingResponse notAsked = OutgoingResponse.of(Response.text("x").header("Connection", "closed, keep-alive"), false, CONFIG);
        assertThat(notAsked.closeAsked()).isFalse();
    }

    @Test
    void theHeadersComeInTheSinksDocumentedOrder() {
        Response res = Response.json("{}").header("X-First", "1").cookie(Cookie.of("c", "v")).header("Content-Type", "application/x");
        assertThat(headers(OutgoingResponse.of(res, false, CONFIG), true)).containsExactly(
                "X-First: 1", "(contentType) application/x", "Set-Cookie: c=v; Path=/; HttpOnly; SameSite=Lax",
                "(server) Duet-Test", "(contentLength) 2", "(connection) close");
    }
}
