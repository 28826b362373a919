package dev.duet.cli.internal.dev;

import dev.duet.App;
import dev.duet.cli.Application;
import dev.duet.cli.internal.Inputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** duet run's flags: defaults, and what it says about bad ones. */
class DevCommandTest {
    static final class Site implements Application {
        @Override
        public App create(dev.duet.cli.Settings settings) {
            return App.create(settings.config());
        }
    }

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private DevCommand command() {
        return new DevCommand(new Site(), new Inputs(dir, Map.of(), Map.of()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private int run(DevCommand command, String... args) {
        CommandLine cli = new CommandLine(command.spec());
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void theDefaultsAreTheMavenLayoutOnPort8000OfThisMachine() {
        DevCommand c = command();
        new CommandLine(c.spec()).parseArgs("--project", dir.toString());
        DevOptions o = c.options();
        assertThat(o.appClass()).isEqualTo(Site.class.getName());
        assertThat(o.sources()).isEqualTo(dir.toAbsolutePath().resolve("src/main/java"));
        assertThat(o.resources()).isEqualTo(dir.toAbsolutePath().resolve("src/main/resources"));
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.port()).isEqualTo(8000);
        assertThat(o.debounce().toMillis()).isEqualTo(30);
        assertThat(o.generationConfig().dev()).isTrue();
        assertThat(o.generationConfig().port()).as("each generation on a free loopback port").isZero();
        try (var settings = o.settingsFor().apply(o.generationConfig())) {
            assertThat(settings.profile()).isEqualTo("dev");
            assertThat(settings.config().dev()).isTrue();
            assertThat(settings.config().port()).isZero();
            assertThat(settings.config().host()).isEqualTo("127.0.0.1");
            assertThat(settings.config().devResources()).isEqualTo(dir.toAbsolutePath().resolve("src/main/resources").toString());
        }
    }

    @Test
    void aProjectWithoutSourcesFailsNamingTheFolder() {
        int code = run(command(), "--project", dir.toString(), "--port", "0");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("no Java sources at " + dir.toAbsolutePath().resolve("src/main/java"));
    }

    @Test
    void aDebounceOutOfRangeFailsNamingTheFlag() {
        int code = run(command(), "--project", dir.toString(), "--debounce-ms", "9000");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--debounce-ms: 9000 is outside 0 to 5000");
    }

    @Test
    void aBadSettingFailsTheCommandNamingIt() {
        int code = run(command(), "--project", dir.toString(), "--set", "nonsense=1");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("unknown setting 'nonsense'");
    }

    @Test
    void aPortOutOfRangeFails() {
        int code = run(command(), "--project", dir.toString(), "--port", "70000");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("70000");
    }
}
