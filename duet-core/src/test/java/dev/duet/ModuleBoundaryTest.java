package dev.duet;

import dev.duet.conformance.ApiDocs;
import dev.duet.conformance.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** duet-core's module exports its API, SPI and test client only: {@code dev.duet.internal} stays inside it. */
class ModuleBoundaryTest {
    @Test
    void exportsOnlyTheApiTheSpiAndTheTestClient() throws Exception {
        ModuleDescriptor core = ModuleDescriptors.beside(App.class);
        assertThat(core.name()).isEqualTo("dev.duet.core");
        assertThat(ModuleDescriptors.exported(core))
                .containsExactlyInAnyOrder("dev.duet", "dev.duet.form", "dev.duet.hub", "dev.duet.ops", "dev.duet.session", "dev.duet.spi", "dev.duet.sse", "dev.duet.template", "dev.duet.test",
                        "dev.duet.ws");
        assertThat(core.uses()).containsExactlyInAnyOrder("dev.duet.spi.ServerCore", "dev.duet.spi.Compressor", "dev.duet.template.TemplateEngine$Provider");
    }

    @Test
    void everyPublicDeclarationOfTheExportedPackagesHasADocComment() throws Exception {
        assertThat(ApiDocs.undocumented(Path.of("src/main/java"), ModuleDescriptors.exported(ModuleDescriptors.beside(App.class))))
                .as("public API without a doc comment").isEmpty();
    }
}
