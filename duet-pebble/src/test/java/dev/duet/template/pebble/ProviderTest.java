package dev.duet.template.pebble;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.netty.NettyCore;
import dev.duet.template.TemplateEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How an app finds its engine on the class path: duet-pebble's alone, or a start that fails when there are two. */
class ProviderTest {
    /** A second engine's provider, put on the class path by a throwaway class loader. */
    public static final class OtherProvider implements TemplateEngine.Provider {
        /** As ServiceLoader makes it. */
        public OtherProvider() {
        }

        @Override
        public TemplateEngine create(Config config) {
            return name -> Optional.empty();
        }
    }

    @Test
    void serviceLoaderFindsPebbleAlone() {
        assertThat(ServiceLoader.load(TemplateEngine.Provider.class).stream().map(ServiceLoader.Provider::type))
                .containsExactly(PebbleProvider.class);
    }

    @Test
    void theProviderMakesTheDefaultsOfTheConfig() {
        assertThat(new PebbleProvider().create(Config.builder().dev(true).build())).hasToString("PebbleTemplates (reloading)");
        assertThat(new PebbleProvider().create(Config.builder().build())).hasToString("PebbleTemplates");
    }

    @Test
    void twoProvidersOnTheClassPathFailTheStartNamingBoth(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services/dev.duet.template.TemplateEngine$Provider");
        Files.createDirectories(services.getParent());
        Files.writeString(services, OtherProvider.class.getName() + "\n");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader withTwo = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(withTwo);
            App app = App.create(Config.builder().host("127.0.0.1").port(0).build());
            assertThatThrownBy(() -> app.start(new NettyCore()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("several template engines")
                    .hasMessageContaining(PebbleProvider.class.getName())
                    .hasMessageContaining(OtherProvider.class.getName())
                    .hasMessageContaining("app.templates(");

            App chosen = App.create(Config.builder().host("127.0.0.1").port(0).build()).templates(PebbleTemplates.builder().build());
            chosen.freeze(); // an engine given by the app ends the search: no failure
            assertThat(chosen.templates()).isInstanceOf(PebbleTemplates.class);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
