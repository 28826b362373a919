package dev.duet.template.pebble;

import dev.duet.conformance.ApiDocs;
import dev.duet.conformance.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * duet-pebble's module exports its API package only ({@code internal} stays inside), and provides
 * its engine both ways ServiceLoader looks: the module descriptor and META-INF/services.
 */
class ModuleBoundaryTest {
    @Test
    void exportsOnlyItsApiAndProvidesTheEngine() throws Exception {
        ModuleDescriptor module = ModuleDescriptors.beside(PebbleTemplates.class);
        assertThat(module.name()).isEqualTo("dev.duet.pebble");
        assertThat(ModuleDescriptors.exported(module)).containsExactly("dev.duet.template.pebble");
        assertThat(module.provides()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo("dev.duet.template.TemplateEngine$Provider");
            assertThat(p.providers()).isEqualTo(List.of(PebbleProvider.class.getName()));
        });
    }

    @Test
    void theClassPathFindsTheProviderToo() throws IOException {
        try (InputStream in = PebbleProvider.class.getResourceAsStream("/META-INF/services/dev.duet.template.TemplateEngine$Provider")) {
            assertThat(in).as("the services file").isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(PebbleProvider.class.getName());
        }
    }

    @Test
    void everyPublicDeclarationOfTheExportedPackagesHasADocComment() throws Exception {
        assertThat(ApiDocs.undocumented(Path.of("src/main/java"), ModuleDescriptors.exported(ModuleDescriptors.beside(PebbleTemplates.class))))
                .as("public API without a doc comment").isEmpty();
    }
}
