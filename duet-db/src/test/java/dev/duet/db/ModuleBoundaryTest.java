package dev.duet.db;

import dev.duet.conformance.ModuleDescriptors;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;

import static org.assertj.core.api.Assertions.assertThat;

/** duet-db's module exports its API package only. */
class ModuleBoundaryTest {
    @Test
    void exportsOnlyItsApi() throws Exception {
        ModuleDescriptor module = ModuleDescriptors.beside(Database.class);
        assertThat(module.name()).isEqualTo("dev.duet.db");
        assertThat(ModuleDescriptors.exported(module)).containsExactly("dev.duet.db");
    }
}
