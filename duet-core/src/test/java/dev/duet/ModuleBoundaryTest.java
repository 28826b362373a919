package dev.duet;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** duet-core's module exports its API, SPI and test client only: {@code dev.duet.internal} stays inside it. */
class ModuleBoundaryTest {
    /** The module descriptor compiled next to {@code type}'s class (its module's classes folder or jar). */
    static ModuleDescriptor descriptorBeside(Class<?> type) throws IOException, URISyntaxException {
        Path where = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(where.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void exportsOnlyTheApiTheSpiAndTheTestClient() throws Exception {
        ModuleDescriptor core = descriptorBeside(App.class);
        assertThat(core.name()).isEqualTo("dev.duet.core");
        assertThat(core.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("dev.duet", "dev.duet.spi", "dev.duet.test");
        assertThat(core.uses()).containsExactly("dev.duet.spi.ServerCore");
    }
}
