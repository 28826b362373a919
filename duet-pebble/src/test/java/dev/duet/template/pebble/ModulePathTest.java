package dev.duet.template.pebble;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * duet-pebble as a named module, the way an app on the module path uses it (the other tests run on
 * the class path): a small app module is compiled and run in a JVM of its own. It finds the engine
 * through the module descriptor's {@code provides}, renders a View, and reaches its own
 * {@code templates/} folder through {@code resources(...)}, which the class loader look-up cannot.
 */
class ModulePathTest {
    private static final List<String> LIBRARIES = List.of("jackson-databind-", "jackson-core-", "jackson-annotations-",
            "slf4j-api-", "pebble-", "unbescape-");

    @TempDir
    Path dir;

    /** duet-pebble, duet-core and the libraries they need, from this test's own class path. */
    private static String modulePath() throws Exception {
        List<String> path = new ArrayList<>();
        path.add(Path.of(PebbleTemplates.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        path.add(Path.of(dev.duet.App.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String file = Path.of(entry).getFileName().toString();
            if (file.endsWith(".jar") && LIBRARIES.stream().anyMatch(file::startsWith)) path.add(entry);
        }
        return String.join(File.pathSeparator, path);
    }

    @Test
    void anAppModuleFindsTheEngineAndRendersItsOwnTemplates() throws Exception {
        Path src = dir.resolve("src");
        Path out = dir.resolve("out");
        Files.createDirectories(src.resolve("check"));
        Files.writeString(src.resolve("module-info.java"), "module check { requires dev.duet.pebble; }\n");
        Files.writeString(src.resolve("check/Main.java"), """
                package check;

                import dev.duet.App;
                import dev.duet.Config;
                import dev.duet.View;
                import dev.duet.template.pebble.PebbleTemplates;
                import dev.duet.test.TestClient;
                import java.util.Map;

                public class Main {
                    public static void main(String[] args) {
                        App found = App.create(Config.builder().build());
                        found.get("/", req -> View.of("hello.html", Map.of("name", "<module>")));
                        App own = App.create(Config.builder().build())
                                .templates(PebbleTemplates.builder().resources(p -> Main.class.getResource("/" + p)).build());
                        own.get("/", req -> View.of("hello.html", Map.of("name", "<module>")));
                        for (App app : new App[] {found, own}) {
                            try (TestClient client = TestClient.of(app)) {
                                var res = client.get("/");
                                System.out.println(app.templates() + " -> " + res.status() + " " + (res.status() == 200 ? res.text() : ""));
                            }
                        }
                    }
                }
                """);
        String modulePath = modulePath();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", out.toString(), "--module-path", modulePath,
                src.resolve("module-info.java").toString(), src.resolve("check/Main.java").toString());
        assertThat(compiled).as("the app module compiles against duet-pebble's module").isZero();
        Files.createDirectories(out.resolve("templates"));
        Files.writeString(out.resolve("templates/hello.html"), "Hello {{ name }} at {{ request.path }}");

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--module-path", modulePath + File.pathSeparator + out,
                "-m", "check/check.Main").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the app module ends").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output)
                // ServiceLoader finds the engine by the module's provides; the class loader cannot see templates/.
                .contains("PebbleTemplates -> 500")
                .contains("PebbleTemplates -> 200 Hello &lt;module&gt; at /");
    }
}
