package dev.duet.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
