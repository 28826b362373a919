package dev.duet.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code examples of Duet's guides and of the tests that compile and run them, read the same
 * way, so that a test can hold a guide to exactly the code it runs. A guide marks an example with
 * {@code <!-- snippet: name -->} before its {@code ```java} block; a test marks the same code
 * between {@code // snippet: name} and {@code // end snippet}.
 */
public final class DocSnippets {
    public static final Pattern IN_MARKDOWN = Pattern.compile("<!-- snippet: ([\\w-]+) -->\\s*\\n```java\\n(.*?)```", Pattern.DOTALL);
    public static final Pattern IN_JAVA = Pattern.compile("// snippet: ([\\w-]+)\\n(.*?)\\n\\s*// end snippet", Pattern.DOTALL);

    private DocSnippets() {
    }

    /** The snippets {@code pattern} finds in {@code text}, by name, normalized; a name found twice is an error. */
    public static Map<String, String> find(Pattern pattern, String text) {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (found.put(m.group(1), normalize(m.group(2))) != null) throw new AssertionError("snippet " + m.group(1) + " twice");
        }
        return found;
    }

    /**
     * Fails unless {@code guide} (a path from the project root, say {@code docs/orm.md}) shows
     * exactly the snippets that {@code sources} mark (paths from the root: Java files, or folders
     * whose Java files are all read), each with the same code: no example in the guide that a
     * test does not run, none run that the guide lost.
     */
    public static void assertGuideShowsExactly(String guide, String... sources) {
        Path root = projectRoot();
        Map<String, String> tested = new LinkedHashMap<>();
        for (String source : sources) {
            for (Path file : javaFiles(root.resolve(source))) {
                find(IN_JAVA, read(file)).forEach((name, code) -> {
                    if (tested.put(name, code) != null) throw new AssertionError("snippet " + name + " marked twice in " + List.of(sources));
                });
            }
        }
        assertThat(tested).as("snippets marked in %s", List.of(sources)).isNotEmpty();
        Map<String, String> shown = find(IN_MARKDOWN, read(root.resolve(guide)));
        assertThat(shown.keySet()).as("snippets shown in %s vs marked in %s", guide, List.of(sources))
                .containsExactlyInAnyOrderElementsOf(tested.keySet());
        shown.forEach((name, code) -> assertThat(code).as("snippet '%s' in %s vs in the tests", name, guide).isEqualTo(tested.get(name)));
    }

    private static List<Path> javaFiles(Path source) {
        if (!Files.isDirectory(source)) return List.of(source);
        try (Stream<Path> files = Files.walk(source)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The code without imports, common indentation, trailing spaces or blank lines at either end. */
    static String normalize(String code) {
        List<String> lines = new ArrayList<>(code.lines()
                .filter(l -> !l.startsWith("import ") && !l.startsWith("package "))
                .map(String::stripTrailing)
                .toList());
        while (!lines.isEmpty() && lines.getFirst().isEmpty()) lines.removeFirst();
        while (!lines.isEmpty() && lines.getLast().isEmpty()) lines.removeLast();
        int indent = lines.stream().filter(l -> !l.isEmpty())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).toList());
    }

    /** The repository's root: the nearest folder above the working directory with README.md and docs/. */
    public static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) return p;
        }
        throw new IllegalStateException("no README.md and docs/ above " + Path.of("").toAbsolutePath());
    }
}
