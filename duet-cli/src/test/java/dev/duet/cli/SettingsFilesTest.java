package dev.duet.cli;

import dev.duet.App;
import dev.duet.cli.internal.BadSettings;
import dev.duet.cli.internal.LayeredSettings;
import dev.duet.cli.internal.Setting;
import dev.duet.cli.internal.SettingsLoader;
import dev.duet.cli.testsite.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Settings in {@code duet.toml} and {@code duet.yaml}: tables flatten to Duet's keys, lists to
 * comma-separated values, every value names its file and line, and a file that cannot be read
 * as settings fails naming where.
 */
class SettingsFilesTest {
    @TempDir
    Path dir;

    private static final Application APP = settings -> App.create(settings.config());

    private LayeredSettings load(CliHarness h, String profile) {
        return SettingsLoader.load(h.inputs(), APP.getClass(), "prod", profile, List.of());
    }

    private static String source(LayeredSettings s, String knob) {
        return s.knob(knob).map(Setting::source).orElse("default");
    }

    @Test
    void tomlTablesFlattenToDuetsKeysEachWithItsLine() {
        CliHarness h = new CliHarness(dir).file("duet.toml",
                "port = 8080",
                "requestTimeout = \"10s\"",
                "trustedOrigins = [\"https://a.example\", \"https://b.example\"]",
                "",
                "[database]",
                "url = \"sqlite:" + dir.resolve("t.db") + "\"",
                "poolSize = 3",
                "",
                "[session]",
                "maxAge = \"90m\"   # sessionMaxAge",
                "",
                "[app]",
                "greeting = \"hello\"",
                "feature.beta = true",
                "",
                "[app.mail]",
                "host = \"smtp.local\"",
                "port = 25");
        try (LayeredSettings s = load(h, null)) {
            assertThat(s.config().port()).isEqualTo(8080);
            assertThat(source(s, "port")).isEqualTo("duet.toml:1");
            assertThat(s.config().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(s.config().trustedOrigins()).containsExactly("https://a.example", "https://b.example");
            assertThat(source(s, "trustedOrigins")).isEqualTo("duet.toml:3");
            assertThat(s.dbConfig().url()).isEqualTo("sqlite:" + dir.resolve("t.db"));
            assertThat(s.dbConfig().poolSize()).isEqualTo(3);
            assertThat(s.databaseSettings().get("databasePoolSize").source()).isEqualTo("duet.toml:7");
            assertThat(s.config().sessionMaxAge()).isEqualTo(Duration.ofMinutes(90));
            assertThat(source(s, "sessionMaxAge")).isEqualTo("duet.toml:10");
            assertThat(s.get("greeting")).contains("hello");
            assertThat(s.get("feature.beta")).contains("true");
            assertThat(s.get("mail.host")).contains("smtp.local");
            assertThat(s.get("mail.port")).contains("25");
            assertThat(s.appSettings()).extracting(Setting::key, Setting::source).contains(
                    org.assertj.core.groups.Tuple.tuple("app.feature.beta", "duet.toml:14"),
                    org.assertj.core.groups.Tuple.tuple("app.mail.port", "duet.toml:18"));
        }
    }

    @Test
    void yamlMapsFlattenLikewiseAndDottedNamesAreTheSame() {
        CliHarness h = new CliHarness(dir).file("duet.yaml",
                "port: 8081",
                "requestTimeout: 10s",
                "database:",
                "  poolSize: 4",
                "  tablePrefix: shop_",
                "app:",
                "  greeting: hello",
                "  mail:",
                "    host: smtp.local",
                "app.extra: written flat",
                "trustedOrigins:",
                "  - https://a.example",
                "  - https://b.example",
                "sessionIdleTimeout:",
                "csrf: yes");
        try (LayeredSettings s = load(h, null)) {
            assertThat(s.config().port()).isEqualTo(8081);
            assertThat(source(s, "port")).isEqualTo("duet.yaml:1");
            assertThat(source(s, "requestTimeout")).isEqualTo("duet.yaml:2");
            assertThat(s.dbConfig().poolSize()).isEqualTo(4);
            assertThat(s.dbConfig().tablePrefix()).isEqualTo("shop_");
            assertThat(s.databaseSettings().get("databaseTablePrefix").source()).isEqualTo("duet.yaml:5");
            assertThat(s.get("mail.host")).contains("smtp.local");
            assertThat(s.get("extra")).contains("written flat");
            assertThat(s.appSettings()).extracting(Setting::key, Setting::source).contains(
                    org.assertj.core.groups.Tuple.tuple("app.mail.host", "duet.yaml:9"),
                    org.assertj.core.groups.Tuple.tuple("app.extra", "duet.yaml:10"));
            assertThat(s.config().trustedOrigins()).containsExactly("https://a.example", "https://b.example");
            assertThat(source(s, "trustedOrigins")).isEqualTo("duet.yaml:11");
            assertThat(source(s, "sessionIdleTimeout")).as("a key without a value sets nothing").isEqualTo("default");
            assertThat(source(s, "csrf")).isEqualTo("duet.yaml:15");
        }
    }

    @Test
    void tomlLinesStayRightAfterMultiLineValuesInlineTablesAndQuotedKeys() {
        CliHarness h = new CliHarness(dir).file("duet.toml",
                "contentSecurityPolicy = \"\"\"",
                "default-src 'self'; [not = a key]\"\"\"",
                "trustedProxies = [",
                "  \"10.0.0.1\",  # the balancer [a]",
                "  \"10.0.0.2\",",
                "]",
                "port = 8080",
                "app = { greeting = \"hi\", \"mail.host\" = \"smtp\" }",
                "",
                "[ session ]",
                "'maxAge' = \"30m\"");
        LayeredSettings s = load(h, null);
        assertThat(s.config().contentSecurityPolicy()).isEqualTo("default-src 'self'; [not = a key]");
        assertThat(source(s, "contentSecurityPolicy")).isEqualTo("duet.toml:1");
        assertThat(s.config().trustedProxies()).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(source(s, "trustedProxies")).isEqualTo("duet.toml:3");
        assertThat(source(s, "port")).isEqualTo("duet.toml:7");
        assertThat(s.get("mail.host")).contains("smtp");
        assertThat(s.appSettings()).extracting(Setting::key, Setting::source).contains(
                org.assertj.core.groups.Tuple.tuple("app.greeting", "duet.toml:8"),
                org.assertj.core.groups.Tuple.tuple("app.mail.host", "duet.toml:8"));
        assertThat(source(s, "sessionMaxAge")).isEqualTo("duet.toml:11");
    }

    @Test
    void eachLayerMayUseItsOwnFormatAndTheProfilesFileStillWins() {
        CliHarness h = new CliHarness(dir)
                .file("duet.toml", "port = 9001", "host = \"127.0.0.1\"")
                .file("duet-prod.yml", "port: 9002")
                .file("duet-staging.toml", "port = 9003");
        LayeredSettings prod = load(h, null);
        assertThat(prod.config().port()).isEqualTo(9002);
        assertThat(source(prod, "port")).isEqualTo("duet-prod.yml:1");
        assertThat(source(prod, "host")).isEqualTo("duet.toml:2");
        LayeredSettings staging = load(h, "staging");
        assertThat(staging.config().port()).as("a TOML file makes a profile as a properties file does").isEqualTo(9003);
        h.env.put("DUET_PORT", "9004");
        assertThat(source(load(h, null), "port")).as("the environment is above every file").isEqualTo("env DUET_PORT");
    }

    @Test
    void twoFilesForOneLayerAreAnErrorNotAGuess() {
        CliHarness h = new CliHarness(dir).file("duet.properties", "port = 1").file("duet.toml", "port = 2");
        assertThatThrownBy(() -> load(h, null)).isInstanceOf(BadSettings.class)
                .hasMessage("both duet.properties and duet.toml in " + dir + ": one settings file per layer,"
                        + " so keep one (move the other's settings into it)");
        CliHarness yaml = new CliHarness(dir.resolve("..").resolve(dir.getFileName() + "-y").normalize());
        yaml.dir.toFile().mkdirs();
        yaml.file("duet-prod.yaml", "port: 1").file("duet-prod.yml", "port: 2");
        assertThatThrownBy(() -> load(yaml, null)).isInstanceOf(BadSettings.class)
                .hasMessageStartingWith("both duet-prod.yaml and duet-prod.yml in ");
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() {
        assertThatThrownBy(() -> load(new CliHarness(dir).file("duet.toml", "port = 8080", "host = ", "x = 1"), null))
                .isInstanceOf(BadSettings.class).hasMessageStartingWith("duet.toml:2: not valid TOML: ");
        Path d = dir.resolve("d");
        d.toFile().mkdirs();
        assertThatThrownBy(() -> load(new CliHarness(d).file("duet.toml", "port = 1", "[app]", "a = 1", "a = 2", "b = 3"), null))
                .isInstanceOf(BadSettings.class).hasMessage("duet.toml:4: not valid TOML: Duplicate key");
        Path y = dir.resolve("y");
        y.toFile().mkdirs();
        assertThatThrownBy(() -> load(new CliHarness(y).file("duet.yaml", "port: 8080", "app:", "  a: 1", " b: [2"), null))
                .isInstanceOf(BadSettings.class).hasMessageStartingWith("duet.yaml:4: not valid YAML: ");
    }

    @Test
    void anUnknownKeyNamesItsLineWithAHint() {
        assertThatThrownBy(() -> load(new CliHarness(dir).file("duet.toml", "port = 8080", "", "requestTimeuot = \"5s\""), null))
                .isInstanceOf(BadSettings.class)
                .hasMessageStartingWith("duet.toml:3: unknown setting 'requestTimeuot' (did you mean 'requestTimeout'?)");
        Path y = dir.resolve("y");
        y.toFile().mkdirs();
        assertThatThrownBy(() -> load(new CliHarness(y).file("duet.yaml", "database:", "  ulr: sqlite:x.db"), null))
                .isInstanceOf(BadSettings.class)
                .hasMessageStartingWith("duet.yaml:2: unknown setting 'databaseUlr' (did you mean 'databaseUrl'?)");
    }

    @Test
    void aValueOfTheWrongShapeOrTypeNamesItsLine() {
        assertThat(fails("duet.toml", "host = \"h\"", "[port]", "number = 1"))
                .isEqualTo("duet.toml:2: port takes a value, not a table");
        assertThat(fails("duet.toml", "port = \"eighty\""))
                .startsWith("bad value for port (duet.toml:1): 'eighty'");
        assertThat(fails("duet.toml", "port = 80.5")).startsWith("bad value for port (duet.toml:1): '80.5'");
        assertThat(fails("duet.toml", "[[app.servers]]", "name = \"a\""))
                .isEqualTo("duet.toml:1: app.servers is a list of tables; a setting's list holds plain values");
        assertThat(fails("duet.yaml", "trustedOrigins:", "  - https://a.example", "  - https://b.example,https://c.example"))
                .isEqualTo("duet.yaml:3: an item of trustedOrigins contains ',', which separates a list's items:"
                        + " 'https://b.example,https://c.example'");
        assertThat(fails("duet.yaml", "- port: 1")).isEqualTo("duet.yaml:1: expected a map of settings (key: value), got a list");
        assertThat(fails("duet.yaml", "port: 1", "---", "port: 2"))
                .isEqualTo("duet.yaml:3: one document per settings file ('---' starts another)");
        assertThat(fails("duet.toml", "sessionMaxAge = \"1h\"", "[session]", "maxAge = \"2h\""))
                .isEqualTo("duet.toml:3: 'sessionMaxAge' is already set at duet.toml:1");
        assertThat(fails("duet.yaml", "app:", "  \"mail host\": x"))
                .startsWith("duet.yaml:2: 'mail host' is not a key");
    }

    private int cases;

    private String fails(String name, String... lines) {
        Path d = dir.resolve("case" + cases++);
        d.toFile().mkdirs();
        try {
            load(new CliHarness(d).file(name, lines), null);
        } catch (BadSettings e) {
            return e.getMessage();
        }
        throw new AssertionError(name + " " + List.of(lines) + " loaded");
    }

    @Test
    void anEmptyYamlFileHasNoSettings() {
        CliHarness h = new CliHarness(dir).file("duet.yaml", "# nothing yet");
        assertThat(source(load(h, null), "port")).isEqualTo("default");
    }

    @Test
    void configShowsEachValuesFileAndLine() {
        CliHarness h = new CliHarness(dir).file("duet.toml",
                "port = 9000",
                "[database]",
                "url = \"postgresql://app:hunter2@127.0.0.1:5432/test\"",
                "[app]",
                "api.token = \"tok-123\"");
        CliHarness.Result r = h.run(new Site(), "config");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("\nport +duet.toml:1 +9000\n");
        assertThat(r.out()).containsPattern("\ndatabaseUrl +duet.toml:3 +postgresql://app:\\*\\*\\*\\*@127.0.0.1:5432/test\n");
        assertThat(r.out()).containsPattern("\napp.api.token +duet.toml:5 +\\*\\*\\*\\*\n");
        assertThat(r.out()).doesNotContain("hunter2", "tok-123");
        CliHarness.Result bad = new CliHarness(dir).file("duet.toml", "port = 9000", "prot = 1").run(new Site(), "config");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("duet config: duet.toml:2: unknown setting 'prot' (did you mean 'port'?)");
    }
}
