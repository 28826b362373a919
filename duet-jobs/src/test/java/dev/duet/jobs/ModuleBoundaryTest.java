package dev.duet.jobs;

import dev.duet.conformance.ApiDocs;
import dev.duet.conformance.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** duet-jobs' module exports its API package only; db-scheduler glue stays in dev.duet.jobs.internal. */
class ModuleBoundaryTest {
    @Test
    void exportsOnlyItsApi() throws Exception {
        ModuleDescriptor module = ModuleDescriptors.beside(Jobs.class);
        assertThat(module.name()).isEqualTo("dev.duet.jobs");
        assertThat(ModuleDescriptors.exported(module)).containsExactly("dev.duet.jobs");
    }

    @Test
    void everyPublicDeclarationOfTheExportedPackagesHasADocComment() throws Exception {
        assertThat(ApiDocs.undocumented(Path.of("src/main/java"), ModuleDescriptors.exported(ModuleDescriptors.beside(Jobs.class))))
                .as("public API without a doc comment").isEmpty();
    }
}
