package dev.duet.tracing;

import dev.duet.conformance.ApiDocs;
import dev.duet.conformance.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** duet-tracing's module exports its API package only, every public declaration documented. */
class ModuleBoundaryTest {
    @Test
    void exportsOnlyItsApi() throws Exception {
        ModuleDescriptor module = ModuleDescriptors.beside(Tracing.class);
        assertThat(module.name()).isEqualTo("dev.duet.tracing");
        assertThat(ModuleDescriptors.exported(module)).containsExactly("dev.duet.tracing");
    }

    @Test
    void everyPublicDeclarationOfTheExportedPackagesHasADocComment() throws Exception {
        assertThat(ApiDocs.undocumented(Path.of("src/main/java"), ModuleDescriptors.exported(ModuleDescriptors.beside(Tracing.class))))
                .as("public API without a doc comment").isEmpty();
    }
}
