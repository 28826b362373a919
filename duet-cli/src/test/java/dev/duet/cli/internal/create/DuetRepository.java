package dev.duet.cli.internal.create;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A local Maven repository holding the Duet a new project depends on, as this very build has it,
 * for building new projects offline in tests.
 *
 * <p>Why not {@code mvnw install}: {@code ./duet test} runs {@code verify}, which installs nothing,
 * and duet-cli's tests run before its own jar exists. But everything a new project needs from
 * Duet is already on this test's class path, as jars (a reactor build past {@code package}, or the
 * local repository) or as {@code target/classes} folders (this module, or a reactor build that
 * stopped at {@code test}): each is written into a fresh repository in Maven's layout, folders
 * packed into jars, beside the module's pom from the source tree. Every other artifact (JUnit,
 * Jackson, Netty, Maven's plugins) comes from the local repository the build itself uses, as
 * Maven's read-only <em>tail</em> ({@code -Dmaven.repo.local.tail}, Maven 3.9+): nothing is copied
 * and nothing written there, and Duet is found in the fresh repository first, never a stale one
 * from the tail.
 */
final class DuetRepository {
    /** The Duet artifacts a new project resolves: its dependencies, theirs, and their poms' parent and bom. */
    static final List<String> JARS = List.of("duet-core", "duet-netty", "duet-db", "duet-pebble", "duet-cli");

    private final Path head;
    private final Path tail;

    private DuetRepository(Path head, Path tail) {
        this.head = head;
        this.tail = tail;
    }

    /** The fresh repository ({@code -Dmaven.repo.local}). */
    Path head() {
        return head;
    }

    /** The build's own local repository, read-only ({@code -Dmaven.repo.local.tail}). */
    Path tail() {
        return tail;
    }

    /** The options that make Maven use this repository, for {@code MAVEN_ARGS}. */
    String mavenArgs() {
        return "-o -Dmaven.repo.local=" + head + " -Dmaven.repo.local.tail=" + tail;
    }

    /** Installs this build's Duet {@code version} into a new repository under {@code dir}. */
    static DuetRepository create(Path dir, String version) throws IOException {
        Path sourceRoot = sourceRoot();
        List<String> classPath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        Path head = Files.createDirectories(dir.resolve("repository"));
        DuetRepository repo = new DuetRepository(head, buildRepository(classPath));
        repo.put("duet-parent", version, sourceRoot.resolve("pom.xml"), null);
        repo.put("duet-bom", version, sourceRoot.resolve("duet-bom/pom.xml"), null);
        for (String artifact : JARS) {
            repo.put(artifact, version, sourceRoot.resolve(artifact + "/pom.xml"), jarOf(artifact, version, classPath, sourceRoot, dir));
        }
        return repo;
    }

    private void put(String artifact, String version, Path pom, Path jar) throws IOException {
        if (!Files.isRegularFile(pom)) throw new IllegalStateException("no pom for " + artifact + " at " + pom);
        Path folder = Files.createDirectories(head.resolve("dev/duet").resolve(artifact).resolve(version));
        Files.copy(pom, folder.resolve(artifact + "-" + version + ".pom"));
        if (jar != null) Files.copy(jar, folder.resolve(artifact + "-" + version + ".jar"));
    }

    /** The repository's root: duet-cli's parent folder (surefire runs in the module's folder). */
    static Path sourceRoot() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path pom = root.resolve("pom.xml");
        if (!Files.isRegularFile(pom) || !Files.readString(pom).contains("<artifactId>duet-parent</artifactId>")) {
            throw new IllegalStateException("expected Duet's root pom at " + pom + "; run the test from duet-cli's folder");
        }
        return root;
    }

    /** The local repository this build resolves from, found from where picocli's jar is in it. */
    static Path buildRepository(List<String> classPath) {
        for (String entry : classPath) {
            Path p = Path.of(entry);
            // <repo>/info/picocli/picocli/<version>/picocli-<version>.jar
            if (p.getFileName().toString().startsWith("picocli-") && p.toString().endsWith(".jar")) {
                Path repo = p.getParent().getParent().getParent().getParent().getParent();
                if (Files.isDirectory(repo.resolve("info/picocli/picocli"))) return repo;
            }
        }
        throw new IllegalStateException("cannot tell the local Maven repository: picocli's jar is not on the class path in a repository's layout: " + classPath);
    }

    /**
     * The jar of {@code artifact} this test runs with: the jar on the class path, or its
     * {@code target/classes} folder packed into one. duet-cli's own classes are always the
     * folder's, the code under test.
     */
    private static Path jarOf(String artifact, String version, List<String> classPath, Path sourceRoot, Path scratch) throws IOException {
        Path classes = sourceRoot.resolve(artifact).resolve("target/classes").toAbsolutePath().normalize();
        String jarName = artifact + "-" + version + ".jar";
        for (String entry : classPath) {
            Path p = Path.of(entry).toAbsolutePath().normalize();
            if (p.equals(classes)) return pack(classes, Files.createDirectories(scratch.resolve("jars")).resolve(jarName));
            if (p.getFileName().toString().equals(jarName)) return p;
        }
        throw new IllegalStateException("neither " + jarName + " nor " + classes + " is on the test's class path; is "
                + artifact + " a dependency of duet-cli?");
    }

    private static Path pack(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> all = Files.walk(classes)) {
            all.filter(p -> !p.equals(classes)).sorted().forEach(paths::add);
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            for (Path p : paths) {
                String name = classes.relativize(p).toString().replace(File.separatorChar, '/');
                if (name.equals("META-INF/MANIFEST.MF") || name.equals("META-INF")) continue;
                // Folders get entries too, as in a jar Maven makes: class-path scans list them.
                boolean folder = Files.isDirectory(p);
                zip.putNextEntry(new JarEntry(folder ? name + "/" : name));
                if (!folder) Files.copy(p, zip);
                zip.closeEntry();
            }
        }
        return jar;
    }
}
