package dev.duet.template.jte;

import dev.duet.template.TemplateEngine;
import dev.duet.template.TemplateException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Production's case: the templates precompiled by jte-maven-plugin in this module's test build
 * (target/jte-precompiled) rendered by a JteTemplates that cannot reach jte's compiler. The test
 * class path has the compiler (dev mode needs it), so this module's classes, jte's runtime and the
 * compiled templates are loaded again by a class loader that refuses every class of jte's compiler
 * and records each time it was asked for one.
 */
class PrecompiledWithoutCompilerTest {
    private static final List<String> COMPILER_PACKAGES = List.of("gg.jte.compiler.", "gg.jte.resolve.", "gg.jte.migrate.");

    /** Child-first for this module and jte; jte's compiler refused; the rest (Duet's core, the JDK, test classes) from the parent. */
    private static final class WithoutCompiler extends URLClassLoader {
        final List<String> compilerClassesAskedFor = new CopyOnWriteArrayList<>();

        WithoutCompiler(URL... urls) {
            super("without-jte-compiler", urls, PrecompiledWithoutCompilerTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (COMPILER_PACKAGES.stream().anyMatch(name::startsWith)) {
                compilerClassesAskedFor.add(name);
                throw new ClassNotFoundException(name + " (jte's compiler is not on this class path)");
            }
            if (name.startsWith("gg.jte.") || name.startsWith("dev.duet.template.jte.")) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        try {
                            c = findClass(name);
                        } catch (ClassNotFoundException notHere) {
                            return super.loadClass(name, resolve); // a test class (Fortune): the parent's
                        }
                    }
                    if (resolve) resolveClass(c);
                    return c;
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    private static URL whereIs(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private static WithoutCompiler loader() throws Exception {
        Path precompiled = Path.of(System.getProperty("duet.jte.precompiled", "target/jte-precompiled"));
        assertThat(precompiled.resolve("gg/jte/generated/precompiled/templates/JtefortunesGenerated.class"))
                .as("jte-maven-plugin's output").isRegularFile();
        // this module's main classes, jte's runtime jar, and the precompiled templates: not jte's compiler jar
        URL runtime = whereIs(gg.jte.TemplateEngine.class);
        assertThat(runtime.getPath()).contains("jte-runtime");
        return new WithoutCompiler(whereIs(JteTemplates.class), runtime, precompiled.toUri().toURL());
    }

    @Test
    void precompiledTemplatesRenderWithNoCompilerAtRunTime() throws Exception {
        try (WithoutCompiler loader = loader()) {
            assertThatThrownBy(() -> Class.forName("gg.jte.compiler.TemplateCompiler", false, loader))
                    .isInstanceOf(ClassNotFoundException.class);
            loader.compilerClassesAskedFor.clear();

            Class<?> isolated = Class.forName(JteTemplates.class.getName(), true, loader);
            assertThat(isolated).isNotSameAs(JteTemplates.class);
            assertThat(Class.forName("gg.jte.TemplateEngine", false, loader).getClassLoader()).as("jte's runtime, loaded again").isSameAs(loader);
            TemplateEngine engine = (TemplateEngine) isolated.getMethod("precompiled", ClassLoader.class).invoke(null, loader);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            engine.resolve("fortunes.jte").render(Map.of("fortunes", List.of(new Fortune(1, "<b>a</b> & ü"))), out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("<!DOCTYPE html>\n<html><head><title>Fortunes</title>"
                    + "<meta name=\"robots\" content=\"noindex\"></head>\n<body><table><tr><th>id</th><th>message</th></tr>"
                    + "<tr><td>1</td><td>&lt;b&gt;a&lt;/b&gt; &amp; ü</td></tr></table></body></html>\n");
            assertThat(engine.find("nowhere.jte")).isEmpty();
            assertThatThrownBy(() -> engine.resolve("broken.jte").render(Map.of(), new ByteArrayOutputStream()))
                    .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.location()).isEqualTo("templates/broken.jte:3"));

            assertThat(loader.compilerClassesAskedFor).as("classes of jte's compiler asked for").isEmpty();
        }
    }

    @Test
    void theStaticTextWasPrecompiledAsUtf8() throws URISyntaxException {
        // binaryStaticContent in the plugin's set-up: each template's static parts, encoded at build time
        Path precompiled = Path.of(System.getProperty("duet.jte.precompiled", "target/jte-precompiled"));
        assertThat(precompiled.resolve("gg/jte/generated/precompiled/templates/JtelayoutGenerated.bin")).isRegularFile();
        assertThat(Files.exists(precompiled.resolve("gg/jte/generated/precompiled/templates/JtelayoutGenerated.java")))
                .as("the generated sources are not kept").isFalse();
    }

    @Test
    void devModeWithoutTheCompilerSaysWhatIsMissing() throws Exception {
        try (WithoutCompiler loader = loader()) {
            Class<?> isolated = Class.forName(JteTemplates.class.getName(), true, loader);
            assertThatThrownBy(() -> isolated.getMethod("dev", Path.class).invoke(null, Engines.SOURCE))
                    .isInstanceOf(InvocationTargetException.class)
                    .cause().isInstanceOf(IllegalStateException.class)
                    .hasMessage("dev mode compiles jte templates with jte's compiler, gg.jte:jte, which is not on the class path;"
                            + " add it, or use precompiled templates (JteTemplates.precompiled())");
            assertThat(loader.compilerClassesAskedFor).isNotEmpty();
        }
    }
}
