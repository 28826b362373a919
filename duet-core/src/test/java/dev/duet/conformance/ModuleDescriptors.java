package dev.duet.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a Duet module's compiled {@code module-info.class}, for the tests that hold each module to
 * what it exports. Tests run on the class path, so the descriptor is read from the module's
 * classes folder rather than from a running module.
 */
public final class ModuleDescriptors {
    private ModuleDescriptors() {
    }

    /** The module descriptor compiled next to {@code type}'s class (its module's classes folder). */
    public static ModuleDescriptor beside(Class<?> type) throws IOException, URISyntaxException {
        Path where = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(where.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    /**
     * The packages {@code module} exports to everyone: its API. A package exported only to named
     * modules (an SPI between two of Duet's own) is not API; see {@link #exportedTo}.
     */
    public static Set<String> exported(ModuleDescriptor module) {
        return module.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    }

    /** The packages {@code module} exports to named modules only, each with those modules. */
    public static java.util.Map<String, Set<String>> exportedTo(ModuleDescriptor module) {
        return module.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
    }
}
