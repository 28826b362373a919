package dev.duet.redis;

import dev.duet.conformance.ApiDocs;
import dev.duet.conformance.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** duet-redis's module exports its API package only. */
class ModuleBoundaryTest {
    @Test
    void exportsOnlyItsApi() throws Exception {
        ModuleDescriptor module = ModuleDescriptors.beside(RedisSessionStore.class);
        assertThat(module.name()).isEqualTo("dev.duet.redis");
        assertThat(ModuleDescriptors.exported(module)).containsExactly("dev.duet.redis");
    }

    @Test
    void everyPublicDeclarationOfTheExportedPackagesHasADocComment() throws Exception {
        assertThat(ApiDocs.undocumented(Path.of("src/main/java"), ModuleDescriptors.exported(ModuleDescriptors.beside(RedisSessionStore.class))))
                .as("public API without a doc comment").isEmpty();
    }
}
