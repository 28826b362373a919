package dev.duet.brotli;

import dev.duet.conformance.ApiDocs;
import dev.duet.conformance.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** duet-brotli's module exports its API package only, and provides its coding to duet-core. */
class ModuleBoundaryTest {
    @Test
    void exportsOnlyItsApiAndProvidesTheCoding() throws Exception {
        ModuleDescriptor module = ModuleDescriptors.beside(BrotliCompressor.class);
        assertThat(module.name()).isEqualTo("dev.duet.brotli");
        assertThat(ModuleDescriptors.exported(module)).containsExactly("dev.duet.brotli");
        assertThat(module.provides()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo("dev.duet.spi.Compressor");
            assertThat(p.providers()).containsExactly("dev.duet.brotli.BrotliCompressor");
        });
    }

    @Test
    void everyPublicDeclarationOfTheExportedPackagesHasADocComment() throws Exception {
        assertThat(ApiDocs.undocumented(Path.of("src/main/java"), ModuleDescriptors.exported(ModuleDescriptors.beside(BrotliCompressor.class))))
                .as("public API without a doc comment").isEmpty();
    }
}
