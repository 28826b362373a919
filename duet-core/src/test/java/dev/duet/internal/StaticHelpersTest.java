package dev.duet.internal;

import dev.duet.HttpError;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of static-file serving that are pure functions of a header or a path. */
class StaticHelpersTest {

    // ---- Range ----

    @Test
    void aRangeHeaderIsReadAgainstTheLength() {
        assertThat(ByteRanges.of(null, 10)).isInstanceOf(ByteRanges.Whole.class);
        assertThat(ByteRanges.of("bytes=0-0", 10)).isEqualTo(new ByteRanges.Part(0, 0));
        assertThat(ByteRanges.of("bytes=2-", 10)).isEqualTo(new ByteRanges.Part(2, 9));
        assertThat(ByteRanges.of("bytes=-3", 10)).isEqualTo(new ByteRanges.Part(7, 9));
        assertThat(ByteRanges.of("bytes=-30", 10)).isEqualTo(new ByteRanges.Part(0, 9));
        assertThat(ByteRanges.of("bytes=8-99", 10)).isEqualTo(new ByteRanges.Part(8, 9));
        assertThat(ByteRanges.of("bytes=0-1, 20-30", 10)).as("the unsatisfiable one is dropped").isEqualTo(new ByteRanges.Part(0, 1));
        assertThat(ByteRanges.of("bytes=10-", 10)).isInstanceOf(ByteRanges.Unsatisfiable.class);
        assertThat(ByteRanges.of("bytes=-0", 10)).isInstanceOf(ByteRanges.Unsatisfiable.class);
        assertThat(ByteRanges.of("bytes=0-", 0)).isInstanceOf(ByteRanges.Unsatisfiable.class);
        assertThat(ByteRanges.of("bytes=-5", 0)).isInstanceOf(ByteRanges.Unsatisfiable.class);
        for (String whole : List.of("bytes=0-1,3-4", "bytes=x-1", "bytes=3-1", "lines=0-1", "bytes", "bytes=", "bytes=,",
                "bytes=1", "bytes=99999999999999999999-", "bytes= -", "bytes=0x1-2")) {
            assertThat(ByteRanges.of(whole, 10)).as(whole).isInstanceOf(ByteRanges.Whole.class);
        }
        assertThat(new ByteRanges.Part(3, 5).length()).isEqualTo(3);
    }

    // ---- Accept-Encoding ----

    @Test
    void qValuesRankTheCodings() {
        assertThat(ContentCodings.quality("gzip;q=0.4, br", "gzip")).isEqualTo(0.4);
        assertThat(ContentCodings.quality("GZIP; Q=0.400", "gzip")).isEqualTo(0.4);
        assertThat(ContentCodings.quality("gzip", "br")).isZero();
        assertThat(ContentCodings.quality("*;q=0.2", "br")).isEqualTo(0.2);
        assertThat(ContentCodings.quality("gzip", "identity")).isEqualTo(1);
        assertThat(ContentCodings.quality("identity;q=0", "identity")).isZero();
        assertThat(ContentCodings.quality("*;q=0", "identity")).isZero();
        assertThat(ContentCodings.quality(null, "identity")).isEqualTo(1);
        assertThat(ContentCodings.quality(null, "gzip")).as("no header: no coding the client did not name").isZero();
        assertThat(ContentCodings.quality("gzip;q=1.5", "gzip")).as("malformed").isZero();
        assertThat(ContentCodings.quality("gzip;q=.5", "gzip")).as("malformed").isZero();
    }

    @Test
    void thePreferredVariantIsTheBestAvailableOne() {
        assertThat(ContentCodings.preferred("br, gzip", true, true)).isEqualTo("br");
        assertThat(ContentCodings.preferred("br, gzip", false, true)).isEqualTo("gzip");
        assertThat(ContentCodings.preferred("br;q=0.1", true, true)).as("named, so wanted over the unnamed identity").isEqualTo("br");
        assertThat(ContentCodings.preferred("br;q=0.1, identity", true, true)).isNull();
        assertThat(ContentCodings.preferred("gzip;q=0.8, br;q=0.9", true, true)).isEqualTo("br");
        assertThat(ContentCodings.preferred("gzip;q=0.9, br;q=0.8", true, true)).isEqualTo("gzip");
        assertThat(ContentCodings.preferred("gzip", true, false)).isNull();
        assertThat(ContentCodings.preferred(null, true, true)).isNull();
        assertThat(ContentCodings.preferred("*", true, true)).isEqualTo("br");
    }

    // ---- validators ----

    @Test
    void entityTagListsMatchWeaklyOrStrongly() {
        String tag = "\"a-1\"";
        assertThat(Validators.matches("\"a-1\"", tag, true)).isTrue();
        assertThat(Validators.matches("W/\"a-1\"", tag, false)).isTrue();
        assertThat(Validators.matches("W/\"a-1\"", tag, true)).isFalse();
        assertThat(Validators.matches(" * ", tag, true)).isTrue();
        assertThat(Validators.matches("\"x\", \"a-1\"", tag, false)).isTrue();
        assertThat(Validators.matches("\"x,y\",\"a-1\"", tag, false)).as("a comma inside a tag").isTrue();
        assertThat(Validators.matches("\"x,\"a-1\"\"", tag, false)).isFalse();
        assertThat(Validators.matches("a-1", tag, false)).as("unquoted: malformed").isFalse();
        assertThat(Validators.matches("\"a-1", tag, false)).isFalse();
        assertThat(Validators.matches("", tag, false)).isFalse();
    }

    @Test
    void httpDatesInAllThreeSpellings() {
        Instant t = Instant.parse("1994-11-06T08:49:37Z");
        assertThat(Validators.date("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(t);
        assertThat(Validators.date("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(t);
        assertThat(Validators.date("Sun Nov  6 08:49:37 1994")).isEqualTo(t);
        assertThat(Validators.date("Sun, 06 Nov 1994 08:49:37 CET")).isNull();
        assertThat(Validators.date("1994-11-06T08:49:37Z")).isNull();
        assertThat(Validators.date("")).isNull();
    }

    // ---- paths ----

    @Test
    void theTailIsWhatTheCatchAllMatchedStillEncoded() {
        assertThat(StaticPaths.tail("/static/{f:*}", "/static/css/a%2fb.css")).isEqualTo("css/a%2fb.css");
        assertThat(StaticPaths.tail("/static/{f:*}", "/static")).isEmpty();
        assertThat(StaticPaths.tail("/static/{f:*}", "/static/")).isEmpty();
        assertThat(StaticPaths.tail("/{f:*}", "/x/y")).isEqualTo("x/y");
        assertThat(StaticPaths.tail("/v/{n}/a/{f:*}", "/v/2/a/b")).isEqualTo("b");
        assertThat(StaticPaths.tail("/static/{f:*}", "http://example.com/static/a/b.css")).isEqualTo("a/b.css");
        assertThat(StaticPaths.tail("/static/{f:*}", "https://example.com")).isEmpty();
        assertThatThrownBy(() -> StaticPaths.tail("/static/{f}", "/static/x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/static/{f} has none");
    }

    @Test
    void onlyPlainNamesAreSegments() {
        assertThat(StaticPaths.segments("css/app.css", false)).containsExactly("css", "app.css");
        assertThat(StaticPaths.segments("caf%C3%A9/na%20me.txt", false)).containsExactly("café", "na me.txt");
        assertThat(StaticPaths.segments(".well-known/x", true)).containsExactly(".well-known", "x");
        for (String refused : List.of("", "a//b", "a/", "/a", "..", "a/../b", ".", "%2e%2e", "%2E", "a%2fb", "a%5cb", "a\\b",
                "a%00", "%0d%0a", "a%7f", "C:", ".env", "a/.git/config")) {
            assertThat(StaticPaths.segments(refused, false)).as(refused).isNull();
        }
        assertThat(StaticPaths.segments("..", true)).as("never, hidden files or not").isNull();
        assertThatThrownBy(() -> StaticPaths.segments("a%zz", false)).isInstanceOf(HttpError.class);
        for (String notUtf8 : List.of("%c0%ae%c0%ae", "%e0%80%ae", "%ff")) { // overlong forms, a byte never UTF-8: a 400, not a name
            assertThatThrownBy(() -> StaticPaths.segments(notUtf8, false)).as(notUtf8).isInstanceOf(HttpError.class)
                    .hasMessageContaining("Invalid UTF-8");
        }
    }

    // ---- media types ----

    @Test
    void theTypeFollowsTheLastExtensionInAnyCase() {
        assertThat(MediaTypes.of("a.CSS", MediaTypes.DEFAULTS)).isEqualTo("text/css; charset=utf-8");
        assertThat(MediaTypes.of("a.min.js", MediaTypes.DEFAULTS)).isEqualTo("text/javascript; charset=utf-8");
        assertThat(MediaTypes.of("archive.tar.gz", MediaTypes.DEFAULTS)).isEqualTo("application/gzip");
        assertThat(MediaTypes.of(".htaccess", MediaTypes.DEFAULTS)).isEqualTo(MediaTypes.UNKNOWN);
        assertThat(MediaTypes.of("Makefile", MediaTypes.DEFAULTS)).isEqualTo(MediaTypes.UNKNOWN);
        assertThat(MediaTypes.of("trailing.", MediaTypes.DEFAULTS)).isEqualTo(MediaTypes.UNKNOWN);
        assertThat(MediaTypes.DEFAULTS).allSatisfy((ext, type) -> {
            if (type.startsWith("text/")) assertThat(type).as(ext).endsWith("; charset=utf-8");
        });
    }
}
