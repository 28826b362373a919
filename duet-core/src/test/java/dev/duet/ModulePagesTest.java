package dev.duet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages in a named module, on the module path of a JVM of their own (the tests themselves run on
 * the class path): found through the module's contents, served when the module opens their
 * packages to Duet, and refused with a message saying what to open when it does not.
 */
class ModulePagesTest {
    @TempDir
    Path work;

    private static String moduleInfo(boolean opens) {
        return "module demo.site {\n    requires dev.duet.core;\n    exports demo.site;\n"
                + (opens ? "    opens demo.site.pages to dev.duet.core;\n    opens demo.site.pages.users._id_long to dev.duet.core;\n" : "")
                + "}\n";
    }

    private static final String MAIN = """
            package demo.site;
            public class Main {
                public static void main(String[] args) {
                    dev.duet.App app = dev.duet.App.create();
                    try {
                        app.pages("demo.site.pages");
                    } catch (IllegalArgumentException e) {
                        System.out.println("REFUSED " + e.getMessage());
                        return;
                    }
                    try (var client = dev.duet.test.TestClient.of(app)) {
                        System.out.println("ROUTES " + app.routes().stream().map(r -> r.method() + " " + r.pattern()).sorted().toList());
                        System.out.println("GET " + client.get("/users/41").text());
                    }
                }
            }
            """;

    private static final String HOME = """
            package demo.site.pages;
            public class Page {
                public String get(dev.duet.Request req) { return "home"; }
            }
            """;

    private static final String USER = """
            package demo.site.pages.users._id_long;
            public class Page {
                public String get(dev.duet.Request req) { return "user " + (req.pathLong("id") + 1); }
            }
            """;

    /** Duet and what it requires, as modules: the folders and jars its classes came from. */
    private static String modulePath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : new Class<?>[]{App.class, org.slf4j.Logger.class, tools.jackson.databind.ObjectMapper.class,
                tools.jackson.core.JsonParser.class, com.fasterxml.jackson.annotation.JsonProperty.class}) {
            entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private String run(boolean opens) throws Exception {
        Path src = work.resolve(opens ? "open" : "closed");
        Path out = src.resolve("out");
        List<String> files = new ArrayList<>();
        for (String[] f : new String[][]{{"module-info.java", moduleInfo(opens)}, {"demo/site/Main.java", MAIN},
                {"demo/site/pages/Page.java", HOME}, {"demo/site/pages/users/_id_long/Page.java", USER}}) {
            Path p = src.resolve("demo.site").resolve(f[0]);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f[1]);
            files.add(p.toString());
        }
        String modulePath = modulePath();
        List<String> javac = new ArrayList<>(List.of("-d", out.toString(), "--module-path", modulePath, "-proc:none"));
        javac.addAll(files);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, errors, javac.toArray(String[]::new)))
                .as("javac: %s", errors.toString(StandardCharsets.UTF_8)).isZero();

        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", out + File.pathSeparator + modulePath, "--module", "demo.site/demo.site.Main")
                .redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void pagesOfANamedModuleThatOpensThemAreServed() throws Exception {
        String output = run(true);
        assertThat(output).contains("ROUTES [GET /, GET /users/{id:long}]").contains("GET user 42");
    }

    @Test
    void pagesOfANamedModuleThatDoesNotOpenThemAreRefusedSayingWhatToOpen() throws Exception {
        String output = run(false);
        assertThat(output).contains("REFUSED pages(\"demo.site.pages\"): 2 problems")
                .contains("demo.site.pages.Page: cannot be created: ")
                .contains("(module demo.site must open package demo.site.pages to dev.duet.core)")
                .contains("(module demo.site must open package demo.site.pages.users._id_long to dev.duet.core)");
    }
}
