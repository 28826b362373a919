package dev.duet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/benchmarks.md is written by {@code bench/run} (bench/lib/report.py): its tables from a run's
 * results, its prose from three hand-written files under bench/. Prose edited on the page alone
 * would be lost at the next run, so the page must hold each file as it is.
 */
class BenchmarksPageTest {
    private static final Path ROOT = Path.of("..");

    @ParameterizedTest
    @ValueSource(strings = {"bench/notes-top.md", "bench/notes-features.md", "bench/notes.md"})
    void thePageHoldsEachHandWrittenSectionAsItsFileHasIt(String notes) throws IOException {
        String page = Files.readString(ROOT.resolve("docs/benchmarks.md"));
        String section = Files.readString(ROOT.resolve(notes)).stripTrailing();

        assertThat(section).as(notes).isNotBlank();
        assertThat(page.contains(section))
                .as("docs/benchmarks.md holds %s verbatim; copy the page's edits of that section back into the file", notes)
                .isTrue();
    }
}
