package dev.duet.sse;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An event's wire form, and the values that cannot go on the wire. */
class EventTest {
    @Test
    void dataOfSeveralLinesBecomesSeveralDataFieldsWhateverEndsTheLines() {
        assertThat(Event.data("a\nb\r\nc\rd").encode()).isEqualTo("data: a\ndata: b\ndata: c\ndata: d\n\n");
        assertThat(Event.data("").encode()).isEqualTo("data: \n\n");
        assertThat(Event.data("ends with a break\n").encode()).isEqualTo("data: ends with a break\ndata: \n\n");
    }

    @Test
    void idNameAndRetryComeBeforeTheData() {
        assertThat(Event.of("progress", 42).id("7").retry(Duration.ofSeconds(3)).encode())
                .isEqualTo("id: 7\nevent: progress\nretry: 3000\ndata: 42\n\n");
    }

    @Test
    void aCommentIsALineStartingWithAColon() {
        assertThat(Event.comment("keep-alive").encode()).isEqualTo(": keep-alive\n\n");
        assertThat(Event.comment("two\nlines").encode()).isEqualTo(": two\n: lines\n\n");
        assertThat(Event.comment("x").isComment()).isTrue();
        assertThat(Event.data("x").isComment()).isFalse();
    }

    @Test
    void aNameOrIdThatWouldBreakTheFramingIsRefused() {
        assertThatThrownBy(() -> Event.data("x").name("a\nb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event name cannot span lines");
        assertThatThrownBy(() -> Event.data("x").id("1\r")).hasMessageContaining("event id cannot span lines");
        assertThatThrownBy(() -> Event.data("x").id("1\0")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> Event.data("x").retry(Duration.ofSeconds(-1))).hasMessageContaining("negative");
    }
}
