package dev.duet.cli;

import dev.duet.cli.testsite.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code duet config}: every setting with its value, secrets hidden, and its source. */
class ConfigCommandTest {
    @TempDir
    Path dir;

    private static final String SECRET = "a-signing-key-of-at-least-32-characters";

    private CliHarness harness() {
        CliHarness h = new CliHarness(dir).file("duet.properties",
                "port = 9000",
                "requestTimeout = 5s",
                "app.greeting = hello",
                "app.api.token = tok-123",
                "databaseUrl = postgresql://app:hunter2@127.0.0.1:5432/test");
        h.env.put("DUET_SECRETS", SECRET);
        h.env.put("DUET_APP_MAIL_PASSWORD", "pw-456");
        return h;
    }

    @Test
    void theTableShowsEveryKnobDatabaseSettingAndAppKeyWithItsSource() {
        CliHarness.Result r = harness().run(new Site(), "config", "--set", "app.greeting=hi");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("profile prod (default)\nKEY ");
        assertThat(r.out()).containsPattern("\nport +duet.properties:1 +9000\n");
        assertThat(r.out()).containsPattern("\nrequestTimeout +duet.properties:2 +5s\n");
        assertThat(r.out()).containsPattern("\nhost +default +0.0.0.0\n");
        assertThat(r.out()).containsPattern("\nsessionMaxAge +default +720m\n");
        assertThat(r.out()).containsPattern("\nerrors +default +negotiate\n");
        assertThat(r.out()).containsPattern("\ndatabasePoolSize +default +0\n");
        assertThat(r.out()).containsPattern("\napp.greeting +--set app.greeting +hi\n");
        assertThat(r.out()).containsPattern("\napp.shipped +classpath:duet.properties:2 +from the class path\n");
        for (String knob : dev.duet.Config.defaults().knobs().keySet()) {
            assertThat(r.out()).as(knob).containsPattern("\n" + knob + " ");
        }
    }

    @Test
    void secretsAreMasked() {
        CliHarness.Result r = harness().run(new Site(), "config");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("\nsecrets +env DUET_SECRETS +\\*\\*\\*\\*\n");
        assertThat(r.out()).containsPattern("\napp.api.token +duet.properties:4 +\\*\\*\\*\\*\n");
        assertThat(r.out()).containsPattern("\napp.mail.password +env DUET_APP_MAIL_PASSWORD +\\*\\*\\*\\*\n");
        assertThat(r.out()).containsPattern(
                "\ndatabaseUrl +duet.properties:5 +postgresql://app:\\*\\*\\*\\*@127.0.0.1:5432/test\n");
        assertThat(r.out()).doesNotContain(SECRET, "tok-123", "pw-456", "hunter2");
        // Nothing to hide, and worth seeing: an empty secret reads as unset.
        CliHarness.Result unset = new CliHarness(dir.resolve("empty")).run(new Site(), "config");
        assertThat(unset.out()).containsPattern("\nsecrets +default\n");
    }

    @Test
    void jsonHasTheSameRowsAndTheProfile() throws Exception {
        CliHarness.Result r = harness().run(new Site(), "config", "--json", "--profile", "test");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = dev.duet.DuetJson.builder().build().readTree(r.out());
        assertThat(doc.get("profile").asString()).isEqualTo("test");
        assertThat(doc.get("profileSource").asString()).isEqualTo("--profile");
        JsonNode port = null;
        for (JsonNode row : doc.get("settings")) if (row.get("key").asString().equals("port")) port = row;
        assertThat(port).isNotNull();
        assertThat(port.get("value").asString()).isEqualTo("9000");
        assertThat(port.get("source").asString()).isEqualTo("duet.properties:1");
        assertThat(r.out()).doesNotContain(SECRET, "tok-123", "hunter2");
    }

    @Test
    void aBadSetIsAnErrorNamingIt() {
        CliHarness.Result r = new CliHarness(dir).run(new Site(), "config", "--set", "port");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("duet config: --set expects KEY=VALUE, got 'port'\n");
        CliHarness.Result unknown = new CliHarness(dir).run(new Site(), "config", "--set", "mail.host=x");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("duet config: --set mail.host: unknown setting 'mail.host'");
    }

    @Test
    void aPasswordInADatabaseUrlIsHiddenWhateverItHolds() {
        CliHarness h = new CliHarness(dir);
        h.env.put("DATABASE_URL", "postgresql://u:p@ss:w0rd@db.internal:5432/app");
        h.env.put("DUET_APP_REPORTS_URL", "jdbc:postgresql://h/db?user=u&password=pw1&sslpassword=pw2;pwd=pw3");
        h.env.put("DUET_APP_MAIL_PASSWD", "pw4");
        h.env.put("DUET_APP_AWS_CREDENTIALS", "pw5");
        h.env.put("DUET_APP_HOOK_URL", "https://hooks.example/x?access_token=pw6&b=1");
        CliHarness.Result r = h.run(new Site(), "config");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("\ndatabaseUrl +env DATABASE_URL +postgresql://u:\\*\\*\\*\\*@db.internal:5432/app\n");
        assertThat(r.out()).contains("jdbc:postgresql://h/db?user=u&password=****&sslpassword=****;pwd=****");
        assertThat(r.out()).contains("https://hooks.example/x?access_token=****&b=1");
        assertThat(r.out()).doesNotContain("ss:w0rd", "w0rd", "pw1", "pw2", "pw3", "pw4", "pw5", "pw6");
        CliHarness.Result json = h.run(new Site(), "config", "--json");
        assertThat(json.out()).doesNotContain("w0rd", "pw1", "pw2", "pw3", "pw4", "pw5", "pw6");
    }

    @Test
    void aBadDatabaseUrlsErrorDoesNotRepeatItsPassword() {
        CliHarness h = new CliHarness(dir);
        h.env.put("DATABASE_URL", "postgresql://u:hunter2@db.internal:5432/app");
        h.env.put("DATABASE_POOL_SIZE", "-1");
        CliHarness.Result r = h.run(new Site(), "config");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("databasePoolSize").doesNotContain("hunter2");
    }
}
