package dev.duet.netty;

import dev.duet.conformance.ApiDocs;
import dev.duet.conformance.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** duet-netty's module exports its API package only; it provides its server core to ServiceLoader. */
class ModuleBoundaryTest {
    @Test
    void exportsOnlyItsApi() throws Exception {
        ModuleDescriptor module = ModuleDescriptors.beside(NettyCore.class);
        assertThat(module.name()).isEqualTo("dev.duet.netty");
        assertThat(ModuleDescriptors.exported(module)).containsExactly("dev.duet.netty");

        assertThat(module.provides()).extracting(ModuleDescriptor.Provides::providers)
                .containsExactly(java.util.List.of("dev.duet.netty.NettyCore"));
    }

    @Test
    void everyPublicDeclarationOfTheExportedPackagesHasADocComment() throws Exception {
        assertThat(ApiDocs.undocumented(Path.of("src/main/java"), ModuleDescriptors.exported(ModuleDescriptors.beside(NettyCore.class))))
                .as("public API without a doc comment").isEmpty();
    }
}
