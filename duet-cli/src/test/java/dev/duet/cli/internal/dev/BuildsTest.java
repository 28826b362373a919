package dev.duet.cli.internal.dev;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When a change compiles only the changed file, and when it must compile everything. */
class BuildsTest {
    static final String A = "package p; public class A { public static final int N = 1; public static String hi() { return \"one\"; } }";
    static final String B = "package p; public class B { public String call() { return A.hi() + A.N; } }";

    @TempDir
    Path dir;
    DevCompiler compiler;
    Builds builds;
    Path src;

    @BeforeEach
    void compileAll() throws Exception {
        src = dir.resolve("src");
        write("p/A.java", A);
        write("p/B.java", B);
        compiler = new DevCompiler(List.of());
        builds = new Builds(compiler, src, dir.resolve("out"));
        Builds.Outcome o = builds.full();
        assertThat(o.ok()).as(String.valueOf(o.errors())).isTrue();
        assertThat(o.files()).isEqualTo(2);
    }

    @AfterEach
    void close() {
        compiler.close();
    }

    private Path write(String rel, String text) throws Exception {
        Path p = src.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aChangedMethodBodyCompilesThatFileAloneIntoANewDirectoryOnTop() throws Exception {
        List<Path> before = builds.classDirs();
        Builds.Outcome o = builds.changed(List.of(write("p/A.java", A.replace("\"one\"", "\"two\""))));
        assertThat(o.ok()).isTrue();
        assertThat(o.full()).isFalse();
        assertThat(o.files()).isEqualTo(1);
        assertThat(o.classDirs()).hasSize(2).endsWith(before.getFirst());
        assertThat(o.classDirs().getFirst().resolve("p/A.class")).exists();
        assertThat(o.classDirs().getFirst().resolve("p/B.class")).doesNotExist();
    }

    @Test
    void aChangedSignatureCompilesEverything() throws Exception {
        write("p/A.java", A.replace("hi()", "hi(int x)"));
        Builds.Outcome o = builds.changed(List.of(src.resolve("p/A.java")));
        assertThat(o.full()).isTrue();
        assertThat(o.ok()).isFalse();
        assertThat(o.errors()).contains("B.java").contains("hi");
        assertThat(o.classDirs()).as("the classes that compiled last stay").isEqualTo(builds.classDirs()).hasSize(1);
    }

    @Test
    void aChangedConstantCompilesEverythingAsCallersHoldACopyOfIt() throws Exception {
        Builds.Outcome o = builds.changed(List.of(write("p/A.java", A.replace("N = 1", "N = 2"))));
        assertThat(o.ok()).isTrue();
        assertThat(o.full()).isTrue();
        assertThat(o.classDirs()).hasSize(1);
    }

    @Test
    void aDeletedFileCompilesEverything() throws Exception {
        write("p/C.java", "package p; class C { }");
        assertThat(builds.changed(List.of(src.resolve("p/C.java"))).full()).isFalse();
        Files.delete(src.resolve("p/C.java"));
        Builds.Outcome o = builds.changed(List.of(src.resolve("p/C.java")));
        assertThat(o.full()).isTrue();
        assertThat(o.ok()).isTrue();
        assertThat(o.classDirs()).hasSize(1);
        assertThat(o.classDirs().getFirst().resolve("p/C.class")).doesNotExist();
    }

    @Test
    void aFileThatFailedIsCompiledAgainWithTheNextChangeUntilItCompiles() throws Exception {
        Builds.Outcome broken = builds.changed(List.of(write("p/A.java", "package p; public class A { oops }")));
        assertThat(broken.ok()).isFalse();
        assertThat(broken.errors()).contains("A.java:1: error:");
        // B changes next; A is still broken, so this compile fails too rather than leaving A's edit behind.
        assertThat(builds.changed(List.of(write("p/B.java", B.replace("call", "call2")))).ok()).isFalse();
        write("p/A.java", A);
        Builds.Outcome fixed = builds.changed(List.of(src.resolve("p/A.java")));
        assertThat(fixed.ok()).isTrue();
        assertThat(fixed.files()).isEqualTo(2);
    }

    @Test
    void aLostNestedClassCompilesEverything() throws Exception {
        write("p/D.java", "package p; public class D { public static class In { } }");
        assertThat(builds.changed(List.of(src.resolve("p/D.java"))).ok()).isTrue();
        Builds.Outcome o = builds.changed(List.of(write("p/D.java", "package p; public class D { }")));
        assertThat(o.full()).isTrue();
    }
}
