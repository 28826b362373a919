package dev.duet.cli.internal.create;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTextTest {
    private static final Map<String, String> VALUES = Map.of("name", "shop", "package", "org.acme.shop");

    @Test
    void placeholdersAreFilledAndOtherPercentSignsAndBracesAreLeftAlone() {
        String text = "package %%package%%;\n<p>{{ name }} ${duet.version} 100% %d{HH:mm} %%name%%</p>\n";

        assertThat(TemplateText.render("t", text, VALUES, Set.of()))
                .isEqualTo("package org.acme.shop;\n<p>{{ name }} ${duet.version} 100% %d{HH:mm} shop</p>\n");
    }

    @Test
    void aBlockIsKeptOnlyWhenItsFlagIsSetAndItsMarkerLinesGo() {
        String text = "a\n%%if:site%%\nsite %%name%%\n%%end%%\n  %%if:api%%\napi\n  %%end%%\nz\n";

        assertThat(TemplateText.render("t", text, VALUES, Set.of("site"))).isEqualTo("a\nsite shop\nz\n");
        assertThat(TemplateText.render("t", text, VALUES, Set.of("api"))).isEqualTo("a\napi\nz\n");
        assertThat(TemplateText.render("t", text, VALUES, Set.of())).isEqualTo("a\nz\n");
    }

    @Test
    void anUnknownPlaceholderNamesTheTemplateAndLine() {
        assertThatThrownBy(() -> TemplateText.render("pom.xml.tmpl", "x\ny %%nmae%%\n", VALUES, Set.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("pom.xml.tmpl:2: unknown placeholder %%nmae%%; known: ");
    }

    @Test
    void anUnknownPlaceholderInADroppedBlockIsNotFilledSoNotReported() {
        assertThat(TemplateText.render("t", "%%if:api%%\n%%nmae%%\n%%end%%\n", VALUES, Set.of("site"))).isEqualTo("");
    }

    @Test
    void unbalancedOrNestedBlocksAreRefused() {
        assertThatThrownBy(() -> TemplateText.render("t", "a\n%%if:site%%\nb\n", VALUES, Set.of()))
                .hasMessage("t:2: %%if:site%% is never closed by %%end%%");
        assertThatThrownBy(() -> TemplateText.render("t", "a\n%%end%%\n", VALUES, Set.of()))
                .hasMessage("t:2: %%end%% without %%if:...%%");
        assertThatThrownBy(() -> TemplateText.render("t", "%%if:site%%\n%%if:api%%\n%%end%%\n%%end%%\n", VALUES, Set.of()))
                .hasMessage("t:2: %%if:api%% inside %%if:site%% (blocks do not nest)");
    }
}
