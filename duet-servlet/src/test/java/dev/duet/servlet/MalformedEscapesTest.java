package dev.duet.servlet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MalformedEscapesTest {

    @Test
    void strayPercentSignsOfThePathAreEscaped() {
        assertThat(MalformedEscapes.escape("/users/%zz")).isEqualTo("/users/%25zz");
        assertThat(MalformedEscapes.escape("/a%")).isEqualTo("/a%25");
        assertThat(MalformedEscapes.escape("/a%4")).isEqualTo("/a%254");
        assertThat(MalformedEscapes.escape("/a%4?x")).isEqualTo("/a%254?x");
        assertThat(MalformedEscapes.escape("/%%41/%u00e9")).isEqualTo("/%25%41/%25u00e9");
    }

    @Test
    void aTargetWithoutOneIsReturnedItself() {
        String valid = "/caf%C3%a9/%2F%25?q=1";
        assertThat(MalformedEscapes.escape(valid)).isSameAs(valid);
    }

    @Test
    void theQueryAndOtherFormsOfTargetAreLeftAlone() {
        String query = "/search?q=%zz&r=%";
        assertThat(MalformedEscapes.escape(query)).isSameAs(query);
        assertThat(MalformedEscapes.escape("/%zz?q=%zz")).isEqualTo("/%25zz?q=%zz");
        String absolute = "http://x/%zz";
        assertThat(MalformedEscapes.escape(absolute)).isSameAs(absolute);
        assertThat(MalformedEscapes.escape("*")).isEqualTo("*");
        assertThat(MalformedEscapes.escape("")).isEmpty();
    }
}
