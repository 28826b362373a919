package dev.duet.template.jte;

import dev.duet.conformance.ApiDocs;
import dev.duet.conformance.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * duet-jte's module exports its API package only, needs jte's compiler only statically (precompiled
 * templates render without it), and provides no TemplateEngine.Provider: an app chooses jte.
 */
class ModuleBoundaryTest {
    @Test
    void exportsOnlyItsApiAndProvidesNoEngine() throws Exception {
        ModuleDescriptor module = ModuleDescriptors.beside(JteTemplates.class);
        assertThat(module.name()).isEqualTo("dev.duet.jte");
        assertThat(ModuleDescriptors.exported(module)).containsExactly("dev.duet.template.jte");
        assertThat(module.provides()).isEmpty();
        assertThat(module.requires()).filteredOn(r -> r.name().equals("gg.jte")).singleElement()
                .satisfies(r -> assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.STATIC));
    }

    @Test
    void everyPublicDeclarationOfTheExportedPackagesHasADocComment() throws Exception {
        assertThat(ApiDocs.undocumented(Path.of("src/main/java"), ModuleDescriptors.exported(ModuleDescriptors.beside(JteTemplates.class))))
                .as("public API without a doc comment").isEmpty();
    }
}
