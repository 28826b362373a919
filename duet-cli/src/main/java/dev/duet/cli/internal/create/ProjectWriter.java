package dev.duet.cli.internal.create;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a project from the templates on the class path. Each template's files are listed in a
 * manifest ({@code common.files}, then {@code api.files} or {@code site.files}), one file a line:
 * where it is under this package, where it goes in the project, and how ({@code fill}: a
 * template, see {@link TemplateText}; {@code exec}: executable). Files without {@code fill}, the
 * Maven Wrapper's, are copied byte for byte.
 */
final class ProjectWriter {
    /** The manifest listing the files every project gets. */
    static final String COMMON = "common.files";

    private final Map<String, String> versions;

    private ProjectWriter(Map<String, String> versions) {
        this.versions = versions;
    }

    /** A writer using the versions this build of duet-cli was made with (Duet's own, JUnit's, Logback's). */
    public static ProjectWriter withBuildVersions() {
        Properties p = new Properties();
        try (InputStream in = resource("versions.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> v = new LinkedHashMap<>();
        for (String key : List.of("duet", "junit", "logback")) {
            String value = p.getProperty(key);
            // Unfiltered, the file still says ${project.version}: the classes were not built by Maven.
            if (value == null || value.contains("${")) {
                throw new IllegalStateException("duet-cli's versions.properties has no " + key + " version (" + value
                        + "): build duet-cli with Maven, which fills them in");
            }
            v.put(key, value);
        }
        return new ProjectWriter(Map.copyOf(v));
    }

    /** The Duet version new projects depend on: this duet-cli's own. */
    public String duetVersion() {
        return versions.get("duet");
    }

    /**
     * Writes the project {@code spec} describes and returns the files written, in order. The
     * folder must not exist, or be empty; a {@link NewProjectException} says so otherwise. If
     * writing fails half way, what was written is removed again.
     */
    public List<Path> write(ProjectSpec spec) throws IOException {
        Path dir = spec.dir();
        boolean existed = Files.exists(dir);
        if (existed) {
            if (!Files.isDirectory(dir)) throw new NewProjectException(dir + " exists and is a file: choose another name or --dir");
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new NewProjectException(dir + " already exists and is not empty: choose another name, or --dir with a new or empty folder");
                }
            }
        }
        Map<String, String> values = values(spec);
        Set<String> flags = Set.of(spec.template().id());
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (String manifest : List.of(COMMON, spec.template().id() + ".files")) {
                for (Entry e : entries(manifest)) {
                    Path target = dir.resolve(TemplateText.render(manifest, e.target(), values, flags)).normalize();
                    if (!target.startsWith(dir)) throw new IllegalStateException(manifest + ": " + e.target() + " is outside the project");
                    byte[] content = read(e.source());
                    if (e.fill()) {
                        String text = new String(content, StandardCharsets.UTF_8);
                        content = TemplateText.render(e.source(), text, values, flags).getBytes(StandardCharsets.UTF_8);
                    }
                    Files.createDirectories(target.getParent());
                    Files.write(target, content, StandardOpenOption.CREATE_NEW);
                    if (e.exec()) makeExecutable(target);
                    written.add(target);
                }
            }
        } catch (IOException | RuntimeException e) {
            removeAgain(dir, existed, e);
            throw e;
        }
        return List.copyOf(written);
    }

    private Map<String, String> values(ProjectSpec spec) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("name", spec.name());
        v.put("package", spec.packageName());
        v.put("packagePath", spec.packagePath());
        v.put("groupId", spec.groupId());
        v.put("template", spec.template().id());
        v.put("duetVersion", versions.get("duet"));
        v.put("junitVersion", versions.get("junit"));
        v.put("logbackVersion", versions.get("logback"));
        return v;
    }

    /** One line of a manifest. */
    record Entry(String source, String target, boolean fill, boolean exec) {
    }

    /** The entries of {@code manifest}; blank lines and {@code #} comments are skipped. */
    static List<Entry> entries(String manifest) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = new String(read(manifest), StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+");
            if (parts.length < 2) throw new IllegalStateException(manifest + ":" + (i + 1) + ": expected a source and a target: " + line);
            boolean fill = false;
            boolean exec = false;
            for (int j = 2; j < parts.length; j++) {
                switch (parts[j]) {
                    case "fill" -> fill = true;
                    case "exec" -> exec = true;
                    default -> throw new IllegalStateException(manifest + ":" + (i + 1) + ": unknown flag " + parts[j]);
                }
            }
            entries.add(new Entry(parts[0], parts[1], fill, exec));
        }
        return entries;
    }

    private static byte[] read(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        // Relative to this class's package, inside this module: the templates are not exported.
        InputStream in = ProjectWriter.class.getResourceAsStream(name);
        if (in == null) throw new IllegalStateException("duet-cli is missing its resource " + name + " (next to " + ProjectWriter.class.getName() + ")");
        return in;
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // Windows: no permission bits; mvnw.cmd is what runs there.
        }
    }

    // The folder was absent or empty before, so everything in it now is ours to remove.
    private static void removeAgain(Path dir, boolean existed, Exception cause) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (existed && p.equals(dir)) continue;
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            cause.addSuppressed(e);
        }
    }
}
