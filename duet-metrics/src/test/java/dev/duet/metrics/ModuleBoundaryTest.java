package dev.duet.metrics;

import dev.duet.conformance.ApiDocs;
import dev.duet.conformance.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** duet-metrics's module exports its API package only, every public declaration documented. */
class ModuleBoundaryTest {
    @Test
    void exportsOnlyItsApi() throws Exception {
        ModuleDescriptor module = ModuleDescriptors.beside(DuetMetrics.class);
        assertThat(module.name()).isEqualTo("dev.duet.metrics");
        assertThat(ModuleDescriptors.exported(module)).containsExactly("dev.duet.metrics");
    }

    @Test
    void everyPublicDeclarationOfTheExportedPackagesHasADocComment() throws Exception {
        assertThat(ApiDocs.undocumented(Path.of("src/main/java"), ModuleDescriptors.exported(ModuleDescriptors.beside(DuetMetrics.class))))
                .as("public API without a doc comment").isEmpty();
    }
}
