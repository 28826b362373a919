package dev.duet.cli;

import dev.duet.conformance.ApiDocs;
import dev.duet.conformance.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** duet-cli exports its API package only (commands and settings loading stay internal), all of it documented. */
class ModuleBoundaryTest {
    @Test
    void exportsOnlyItsApi() throws Exception {
        var module = ModuleDescriptors.beside(DuetCli.class);
        assertThat(module.name()).isEqualTo("dev.duet.cli");
        assertThat(ModuleDescriptors.exported(module)).containsExactly("dev.duet.cli");
    }

    @Test
    void everyPublicDeclarationOfTheExportedPackagesHasADocComment() throws Exception {
        assertThat(ApiDocs.undocumented(Path.of("src/main/java"), ModuleDescriptors.exported(ModuleDescriptors.beside(DuetCli.class))))
                .as("public API without a doc comment").isEmpty();
    }
}
