package dev.duet.cli;

import dev.duet.App;
import dev.duet.cli.internal.BadSettings;
import dev.duet.cli.internal.LayeredSettings;
import dev.duet.cli.internal.Setting;
import dev.duet.cli.internal.SettingsLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Layered settings: which source wins, profiles, app keys, and errors that name their source. */
class SettingsTest {
    @TempDir
    Path dir;

    private static final Application APP = settings -> App.create(settings.config());

    private LayeredSettings load(CliHarness h, String profileFlag, Setting... flags) {
        return SettingsLoader.load(h.inputs(), APP.getClass(), "prod", profileFlag, List.of(flags));
    }

    private String portSource(LayeredSettings s) {
        return s.knob("port").map(Setting::source).orElse("default");
    }

    @Test
    void withNoSourceEveryKnobHasItsDefault() {
        LayeredSettings s = load(new CliHarness(dir), null);
        assertThat(s.config().toString()).as("Secrets has no equals").isEqualTo(dev.duet.Config.defaults().toString());
        assertThat(s.profile()).isEqualTo("prod");
        assertThat(s.profileSource()).isEqualTo("default");
        assertThat(portSource(s)).isEqualTo("default");
    }

    @Test
    void eachLayerOverridesTheOneBelowIt() {
        CliHarness h = new CliHarness(dir)
                .file("duet.properties", "# base", "port = 9001", "requestTimeout = 5s", "host = 127.0.0.1")
                .file("duet-prod.properties", "port = 9002", "requestTimeout = 6s");
        LayeredSettings file = load(h, null);
        assertThat(file.config().port()).isEqualTo(9002);
        assertThat(portSource(file)).isEqualTo("duet-prod.properties:1");
        assertThat(file.config().requestTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(file.config().host()).isEqualTo("127.0.0.1");
        assertThat(file.knob("host").orElseThrow().source()).isEqualTo("duet.properties:4");

        h.env.put("PORT", "9003");
        assertThat(load(h, null).config().port()).isEqualTo(9003);
        assertThat(portSource(load(h, null))).isEqualTo("env PORT");

        h.env.put("DUET_PORT", "9004");
        assertThat(load(h, null).config().port()).as("DUET_PORT wins over a platform's PORT").isEqualTo(9004);
        assertThat(portSource(load(h, null))).isEqualTo("env DUET_PORT");

        h.props.put("duet.port", "9005");
        assertThat(load(h, null).config().port()).isEqualTo(9005);
        assertThat(portSource(load(h, null))).isEqualTo("-Dduet.port");

        LayeredSettings flagged = load(h, null, new Setting("port", "9006", "--port"));
        assertThat(flagged.config().port()).isEqualTo(9006);
        assertThat(portSource(flagged)).isEqualTo("--port");
        // Untouched by the upper layers: still from the profile's file.
        assertThat(flagged.knob("requestTimeout").orElseThrow().source()).isEqualTo("duet-prod.properties:2");
    }

    @Test
    void theProfileComesFromTheFlagThenThePropertyThenTheEnvironmentThenTheCommand() {
        CliHarness h = new CliHarness(dir)
                .file("duet-test.properties", "port = 7001")
                .file("duet-staging.properties", "port = 7002");
        h.env.put("DUET_PROFILE", "test");
        LayeredSettings fromEnv = load(h, null);
        assertThat(fromEnv.profile()).isEqualTo("test");
        assertThat(fromEnv.profileSource()).isEqualTo("env DUET_PROFILE");
        assertThat(fromEnv.config().port()).isEqualTo(7001);

        LayeredSettings fromFlag = load(h, "staging");
        assertThat(fromFlag.profile()).isEqualTo("staging");
        assertThat(fromFlag.profileSource()).isEqualTo("--profile");
        assertThat(fromFlag.config().port()).isEqualTo(7002);
    }

    @Test
    void theProfilePropertyWinsOverTheEnvironment() {
        CliHarness h = new CliHarness(dir);
        h.env.put("DUET_PROFILE", "test");
        h.props.put("duet.profile", "dev");
        LayeredSettings s = load(h, null);
        assertThat(s.profile()).isEqualTo("dev");
        assertThat(s.profileSource()).isEqualTo("-Dduet.profile");
    }

    @Test
    void appKeysMatchWhateverTheirCaseAndSeparators() {
        CliHarness h = new CliHarness(dir).file("duet.properties", "app.mail-host = smtp.local");
        LayeredSettings s = load(h, null);
        assertThat(s.get("mail.host")).contains("smtp.local");
        assertThat(s.get("MAIL_HOST")).contains("smtp.local");
        assertThat(s.get("mailhost")).as("a separator is not nothing").isEmpty();
    }

    @Test
    void theDevProfileTurnsDevModeOnUnlessASourceSaysOtherwise() {
        CliHarness h = new CliHarness(dir);
        LayeredSettings dev = load(h, "dev");
        assertThat(dev.config().dev()).isTrue();
        assertThat(dev.knob("dev").orElseThrow().source()).isEqualTo("profile dev");
        assertThat(load(h, "prod").config().dev()).isFalse();

        h.file("duet-dev.properties", "dev = false");
        assertThat(load(h, "dev").config().dev()).isFalse();
    }

    @Test
    void aProfileOtherThanTheBuiltInOnesNeedsItsFile() {
        assertThatThrownBy(() -> load(new CliHarness(dir), "stagin"))
                .isInstanceOf(BadSettings.class)
                .hasMessageContaining("profile 'stagin' (--profile) has no settings file: expected duet-stagin.properties");
        assertThatThrownBy(() -> load(new CliHarness(dir), "../etc"))
                .isInstanceOf(BadSettings.class).hasMessageContaining("bad profile '../etc' (--profile)");
    }

    @Test
    void appKeysComeFromTheirPrefixInFilesAndFromDuetAppInTheEnvironment() {
        CliHarness h = new CliHarness(dir).file("duet.properties", "app.mail.host = smtp.local", "app.greeting = hello");
        h.env.put("DUET_APP_GREETING", "bonjour");
        h.props.put("duet.app.extra", "from -D");
        LayeredSettings s = load(h, null);
        assertThat(s.get("mail.host")).contains("smtp.local");
        assertThat(s.get("greeting")).contains("bonjour");
        assertThat(s.get("extra")).contains("from -D");
        assertThat(s.get("shipped")).as("the app's class-path duet.properties").contains("from the class path");
        assertThat(s.get("missing")).isEmpty();
        assertThat(s.appSettings()).extracting(Setting::key, Setting::source).contains(
                org.assertj.core.groups.Tuple.tuple("app.greeting", "env DUET_APP_GREETING"),
                org.assertj.core.groups.Tuple.tuple("app.mail.host", "duet.properties:1"),
                org.assertj.core.groups.Tuple.tuple("app.shipped", "classpath:duet.properties:2"));
    }

    @Test
    void anUnknownKeyInAFileFailsNamingTheFileAndLineWithAHint() {
        CliHarness h = new CliHarness(dir).file("duet.properties", "port = 8080", "", "requestTimeuot = 5s");
        assertThatThrownBy(() -> load(h, null)).isInstanceOf(BadSettings.class)
                .hasMessageStartingWith("duet.properties:3: unknown setting 'requestTimeuot' (did you mean 'requestTimeout'?)")
                .hasMessageContaining("the app's own keys start with 'app.'");
    }

    @Test
    void aBadValueFailsNamingTheKnobAndItsSource() {
        CliHarness h = new CliHarness(dir).file("duet.properties", "idleTimeout = soon");
        assertThatThrownBy(() -> load(h, null)).isInstanceOf(BadSettings.class)
                .hasMessageStartingWith("bad value for idleTimeout (duet.properties:1): 'soon'");

        CliHarness range = new CliHarness(dir).file("duet.properties", "port = 70000");
        assertThatThrownBy(() -> load(range, null)).isInstanceOf(BadSettings.class)
                .hasMessage("bad value for port (duet.properties:1): port must be in 0..65535, got 70000");

        CliHarness env = new CliHarness(dir).file("duet.properties", "port = 1");
        env.env.put("DUET_MAX_IN_FLIGHT", "lots");
        assertThatThrownBy(() -> load(env, null)).isInstanceOf(BadSettings.class)
                .hasMessageStartingWith("bad value for maxInFlight (env DUET_MAX_IN_FLIGHT): 'lots'");

        CliHarness db = new CliHarness(dir);
        db.env.put("DATABASE_POOL_SIZE", "ten");
        assertThatThrownBy(() -> load(db, null)).isInstanceOf(BadSettings.class)
                .hasMessageStartingWith("bad value for databasePoolSize (env DATABASE_POOL_SIZE): 'ten'");
        CliHarness prefix = new CliHarness(dir).file("duet.properties", "databaseTablePrefix = Shop");
        assertThatThrownBy(() -> load(prefix, null)).isInstanceOf(BadSettings.class)
                .hasMessageStartingWith("bad value for databaseTablePrefix (duet.properties:1): tablePrefix must be lower-case");
    }

    @Test
    void aMalformedFileFailsNamingItsLine() {
        assertThatThrownBy(() -> load(new CliHarness(dir).file("duet.properties", "port 8080"), null))
                .isInstanceOf(BadSettings.class).hasMessage("duet.properties:1: expected 'key = value', got 'port 8080'");
        assertThatThrownBy(() -> load(new CliHarness(dir).file("duet.properties", "port = 1", "port = 2"), null))
                .isInstanceOf(BadSettings.class).hasMessage("duet.properties:2: 'port' is already set on line 1 of duet.properties");
        assertThatThrownBy(() -> load(new CliHarness(dir).file("duet.properties", "hsts = a \\", "  b"), null))
                .isInstanceOf(BadSettings.class).hasMessageStartingWith("duet.properties:1: a value may not continue");
    }

    @Test
    void theSecretsOfABadValueAreNotRepeatedInTheError() {
        CliHarness h = new CliHarness(dir).file("duet.properties", "secrets = short-and-secret");
        assertThatThrownBy(() -> load(h, null)).isInstanceOf(BadSettings.class)
                .hasMessageStartingWith("bad value for secrets (duet.properties:1): '****'")
                .hasMessageNotContaining("short-and-secret");
    }

    @Test
    void theDatabaseComesFromDatabaseUrlAndItsSiblings() {
        CliHarness h = new CliHarness(dir).file("duet.properties",
                "databaseUrl = sqlite:" + dir.resolve("app.db"), "databasePoolSize = 3", "databaseTablePrefix = shop_");
        h.env.put("DATABASE_CONNECTION_PER_REQUEST", "false");
        try (LayeredSettings s = load(h, null)) {
            assertThat(s.dbConfig().url()).isEqualTo("sqlite:" + dir.resolve("app.db"));
            assertThat(s.dbConfig().poolSize()).isEqualTo(3);
            assertThat(s.dbConfig().tablePrefix()).isEqualTo("shop_");
            assertThat(s.dbConfig().connectionPerRequest()).isFalse();
            assertThat(s.database().queryMaps("SELECT 40 + 2 AS n").getFirst().get("n")).isEqualTo(42);
            assertThat(s.database()).as("the same database on every call").isSameAs(s.database());
            dev.duet.db.Database db = s.database();
            s.close();
            assertThat(db.isClosed()).as("closing the settings closes their database").isTrue();
            assertThatThrownBy(s::database).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
        assertThat(load(new CliHarness(dir.resolve("elsewhere")), null).dbConfig().url()).as("nothing set").isEqualTo("sqlite:duet.db");
    }

    @Test
    void databaseUrlFromTheEnvironmentReachesPostgres() {
        CliHarness h = new CliHarness(dir);
        h.env.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test");
        try (LayeredSettings s = load(h, null)) {
            assertThat(s.database().dialect()).isEqualTo("postgresql");
            assertThat(s.database().queryMaps("SELECT current_database() AS db").getFirst().get("db")).isEqualTo("test");
        }
    }
}
