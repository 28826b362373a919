package dev.duet.db;

import dev.duet.conformance.ApiDocs;
import dev.duet.conformance.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** duet-db's module exports its API package only (its internals to duet-db-loop alone), and every public declaration of it has a doc comment. */
class ModuleBoundaryTest {
    @Test
    void exportsOnlyItsApi() throws Exception {
        ModuleDescriptor module = ModuleDescriptors.beside(Database.class);
        assertThat(module.name()).isEqualTo("dev.duet.db");
        assertThat(ModuleDescriptors.exported(module)).containsExactly("dev.duet.db");
        // The engine's internals reach one module of Duet's own, which runs async twins on the event loop.
        assertThat(ModuleDescriptors.exportedTo(module)).isEqualTo(java.util.Map.of("dev.duet.db.internal", java.util.Set.of("dev.duet.db.loop")));
    }

    @Test
    void everyPublicDeclarationOfTheExportedPackagesHasADocComment() throws Exception {
        assertThat(ApiDocs.undocumented(Path.of("src/main/java"), ModuleDescriptors.exported(ModuleDescriptors.beside(Database.class))))
                .as("public API without a doc comment").isEmpty();
    }
}
