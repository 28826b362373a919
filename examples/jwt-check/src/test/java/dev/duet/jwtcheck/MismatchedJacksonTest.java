package dev.duet.jwtcheck;

import dev.duet.App;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an app sees when its build does end up with an older jackson-annotations than Jackson 3
 * needs (a library's, won by Maven's nearest-first rule): App.create() says what happened and
 * what to do, where Jackson alone throws NoClassDefFoundError for an annotation class.
 */
class MismatchedJacksonTest {
    @Test
    void appCreateNamesTheOldJarAndTheBom() throws Exception {
        URL old = Path.of(System.getProperty("old.jackson.annotations")).toUri().toURL();
        URL[] classPath = {old, jarOf(App.class), jarOf(JsonMapper.class), jarOf(JsonParser.class), jarOf(LoggerFactory.class)};
        try (URLClassLoader app = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
            // Another class loader's App: only reflection reaches it.
            Throwable thrown = null;
            try {
                app.loadClass(App.class.getName()).getMethod("create").invoke(null);
            } catch (InvocationTargetException e) {
                thrown = e.getCause();
            }

            assertThat(thrown).isInstanceOf(IllegalStateException.class);
            assertThat(thrown.getMessage())
                    .contains("jackson-annotations " + System.getProperty("old.jackson.annotations.version") + " from " + old)
                    .contains("dev.duet:duet-bom")
                    .contains("JsonSerializeAs");
        }
    }

    private static URL jarOf(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }
}
