package dev.duet.form;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Multi-selects: the values in order, blanks dropped, and each check's pass and failure. */
class ListFieldTest {
    private static Form langs(String... values) {
        return Form.of(Map.of("langs", List.of(values)));
    }

    @Test
    void theValuesComeInTheOrderSentWithoutBlanks() {
        Form f = langs("java", "", "scala", " ");
        assertThat(f.list("langs").required().oneOf("java", "scala").maxSize(2).value()).containsExactly("java", "scala");
        assertThat(f.values("langs")).as("the input as sent").containsExactly("java", "", "scala", " ");
        assertThat(f.selected("langs", "scala")).isTrue();
        assertThat(f.selected("langs", "kotlin")).isFalse();
        assertThat(f.valid()).isTrue();
    }

    @Test
    void requiredRefusesNoneAndStopsTheOtherChecks() {
        Form f = Form.of(Map.of());
        assertThat(f.list("langs").required().minSize(2).value()).isEmpty();
        assertThat(f.errors("langs")).containsExactly("is required");
    }

    @Test
    void sizesAndChoicesAreChecked() {
        Form f = langs("java", "cobol", "go");
        assertThat(f.list("langs").oneOf(List.of("java", "go")).maxSize(2).minSize(4).value()).isEmpty();
        assertThat(f.errors("langs")).containsExactly("must be chosen from: java, go", "choose at most 2", "choose at least 4");
    }

    @Test
    void customChecksSeeTheWholeList() {
        Form f = langs("java", "java");
        f.list("langs").check(v -> v.stream().distinct().count() == v.size(), "choose each once");
        assertThat(f.errors()).containsExactly(Map.entry("langs", List.of("choose each once")));
        assertThat(Form.of(Map.of()).list("langs").name()).isEqualTo("langs");
    }
}
