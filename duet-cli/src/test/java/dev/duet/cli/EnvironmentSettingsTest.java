package dev.duet.cli;

import dev.duet.App;
import dev.duet.cli.internal.BadSettings;
import dev.duet.cli.internal.LayeredSettings;
import dev.duet.cli.internal.SettingsLoader;
import dev.duet.cli.testsite.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The environment's {@code DUET_*} variables: each must be one Duet reads, so that a typo such as
 * {@code DUET_PROT} stops the command instead of leaving the port at its default. The environment
 * is a map of the test's own; the process's is never changed.
 */
class EnvironmentSettingsTest {
    @TempDir
    Path dir;

    private static final Application APP = settings -> App.create(settings.config());

    private LayeredSettings load(CliHarness h) {
        return SettingsLoader.load(h.inputs(), APP.getClass(), "prod", null, List.of());
    }

    @Test
    void aMisspeltKnobIsAnErrorWithTheNameMeant() {
        CliHarness h = new CliHarness(dir);
        h.env.put("DUET_PROT", "9000");
        assertThatThrownBy(() -> load(h)).isInstanceOf(BadSettings.class)
                .hasMessageStartingWith("env DUET_PROT: unknown Duet environment variable (did you mean DUET_PORT?).")
                .hasMessageContaining("DUET_APP_<KEY>")
                .hasMessageNotContaining("9000");
        CliHarness timeout = new CliHarness(dir);
        timeout.env.put("DUET_REQUEST_TIMOUT", "5s");
        assertThatThrownBy(() -> load(timeout)).isInstanceOf(BadSettings.class)
                .hasMessageStartingWith("env DUET_REQUEST_TIMOUT: unknown Duet environment variable (did you mean DUET_REQUEST_TIMEOUT?)");
    }

    @Test
    void anAppKeyWithoutItsPrefixIsPointedToDuetApp() {
        CliHarness h = new CliHarness(dir);
        h.env.put("DUET_APPGREETING", "hi");
        assertThatThrownBy(() -> load(h)).isInstanceOf(BadSettings.class)
                .hasMessageStartingWith("env DUET_APPGREETING: unknown Duet environment variable (did you mean DUET_APP_...?)");
        CliHarness far = new CliHarness(dir);
        far.env.put("DUET_MAIL_HOST", "smtp.local");
        assertThatThrownBy(() -> load(far)).isInstanceOf(BadSettings.class)
                .hasMessageStartingWith("env DUET_MAIL_HOST: unknown Duet environment variable. Duet reads");
    }

    @Test
    void duetsOwnVariablesTheAppsAndOtherPrefixesPass() {
        CliHarness h = new CliHarness(dir);
        h.env.put("DUET_PORT", "9001");
        h.env.put("DUET_PROFILE", "test");
        h.env.put("DUET_APP_GREETING", "hello");
        h.env.put("DUET_JDK_DIRS", "/opt/jdks");
        h.env.put("DUET_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test");
        h.env.put("DUET_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test");
        h.env.put("DATABASE_HOST", "not Duet's: only DUET_ names are checked");
        h.env.put("PATH", "/usr/bin");
        LayeredSettings s = load(h);
        assertThat(s.config().port()).isEqualTo(9001);
        assertThat(s.profile()).isEqualTo("test");
        assertThat(s.get("greeting")).contains("hello");
    }

    @Test
    void aCommandStopsWithStatus2NamingTheVariable() {
        CliHarness h = new CliHarness(dir);
        h.env.put("DUET_PROT", "9000");
        CliHarness.Result r = h.run(new Site(), "serve", "--port", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("duet serve: env DUET_PROT: unknown Duet environment variable (did you mean DUET_PORT?)");
        CliHarness.Result config = h.run(new Site(), "config");
        assertThat(config.code()).isEqualTo(2);
        assertThat(config.out()).isEmpty();
    }
}
