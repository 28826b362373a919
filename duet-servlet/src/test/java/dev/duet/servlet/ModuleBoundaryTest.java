package dev.duet.servlet;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** duet-servlet's module exports its API package only; it provides its server core to ServiceLoader. */
class ModuleBoundaryTest {
    @Test
    void exportsOnlyItsApi() throws Exception {
        Path classes = Path.of(DuetServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertThat(module.name()).isEqualTo("dev.duet.servlet");
        assertThat(module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .containsExactly("dev.duet.servlet");
        assertThat(module.provides()).extracting(ModuleDescriptor.Provides::providers)
                .containsExactly(java.util.List.of("dev.duet.servlet.JettyCore"));
    }
}
