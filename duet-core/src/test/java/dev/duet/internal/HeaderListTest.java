package dev.duet.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Headers as a flat list: lookups ignore case, and the summary of name lengths never hides a header. */
class HeaderListTest {
    @Test
    void lookupsIgnoreCaseAndKeepEveryValueInOrder() {
        HeaderList h = new HeaderList(2);
        h.add("Vary", "Accept");
        h.add("VARY", "Origin");
        h.add("X-A", "1");
        assertThat(h.get("vary")).isEqualTo("Accept");
        assertThat(h.all("Vary")).containsExactly("Accept", "Origin");
        assertThat(h.get("x-a")).isEqualTo("1");
        assertThat(h.get("X-B")).isNull();
        assertThat(h.all("Cache-Control")).isEmpty();
        assertThat(h.size()).isEqualTo(3);
    }

    @Test
    void removingANameKeepsOthersOfTheSameLengthFindable() {
        HeaderList h = new HeaderList();
        h.add("Abc", "1");
        h.add("Xyz", "2");
        h.remove("abc");
        assertThat(h.get("Abc")).isNull();
        assertThat(h.get("XYZ")).isEqualTo("2");
        h.set("Xyz", null);
        assertThat(h.get("Xyz")).isNull();
        assertThat(h.size()).isZero();
        h.add("Xyz", "3");
        assertThat(h.get("xyz")).isEqualTo("3");
    }

    @Test
    void namesWhoseLengthsShareABitAreStillTold() {
        HeaderList h = new HeaderList();
        String long65 = "X-" + "a".repeat(63); // 65 characters: the same bit as a 1-character name
        h.add(long65, "long");
        assertThat(h.get("B")).isNull();
        h.add("B", "short");
        h.remove(long65.toUpperCase());
        assertThat(h.get("b")).isEqualTo("short");
        assertThat(h.get(long65)).isNull();
        h.clear();
        assertThat(h.get("B")).isNull();
        assertThat(h.size()).isZero();
    }

    @Test
    void presentAmongNamesEachHeaderFoundInOnePass() {
        HeaderList h = new HeaderList();
        String[] names = {"X-Frame-Options", "Referrer-Policy", "Server"};
        assertThat(h.presentAmong(names)).isZero();
        h.add("referrer-policy", "no-referrer");
        h.add("Content-Type", "text/plain");
        assertThat(h.presentAmong(names)).isEqualTo(0b010);
        h.add("SERVER", "mine");
        assertThat(h.presentAmong(names)).isEqualTo(0b110);
    }

    @Test
    void aLineBreakInANameOrValueIsRefused() {
        HeaderList h = new HeaderList();
        assertThatThrownBy(() -> h.add("X-A", "a\r\nSet-Cookie: b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X-A");
        assertThatThrownBy(() -> h.add("X A", "a")).hasMessageContaining("invalid header name");
        assertThat(h.size()).isZero();
    }
}
