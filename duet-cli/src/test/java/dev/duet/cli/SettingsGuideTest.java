package dev.duet.cli;

import dev.duet.cli.testsite.Site;
import dev.duet.conformance.DocSnippets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/cli.md's TOML and YAML settings files, as the guide shows them (each marked
 * {@code <!-- settings-file: NAME -->} before its block): written to a working directory under
 * that name, each is read by {@code duet config} with the values and sources the guide says, and
 * the two give the same configuration.
 */
class SettingsGuideTest {
    private static final Pattern FILE = Pattern.compile("<!-- settings-file: ([\\w.-]+) -->\\s*\\n```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    private static Map<String, String> guideFiles() throws IOException {
        String guide = Files.readString(DocSnippets.projectRoot().resolve("docs/cli.md"));
        Map<String, String> files = new LinkedHashMap<>();
        Matcher m = FILE.matcher(guide);
        while (m.find()) {
            assertThat(m.group(1)).as("the block's language fits its file").endsWith("." + m.group(2));
            files.put(m.group(1), m.group(3));
        }
        return files;
    }

    private CliHarness.Result config(String name, String text) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name.replace('.', '-')));
        Files.writeString(d.resolve(name), text);
        CliHarness.Result r = new CliHarness(d).run(new Site(), "config");
        assertThat(r.code()).as(name + ": " + r.err()).isZero();
        return r;
    }

    @Test
    void theGuidesTomlAndYamlFilesGiveTheSettingsItDescribes() throws IOException {
        Map<String, String> files = guideFiles();
        assertThat(files.keySet()).containsExactly("duet.toml", "duet.yaml");

        CliHarness.Result toml = config("duet.toml", files.get("duet.toml"));
        assertThat(toml.out()).containsPattern("\nport +duet.toml:2 +8080\n");
        assertThat(toml.out()).containsPattern("\nrequestTimeout +duet.toml:3 +10s\n");
        assertThat(toml.out()).containsPattern("\ntrustedOrigins +duet.toml:4 +https://shop.example,https://admin.shop.example\n");
        assertThat(toml.out()).as("the guide says duet.toml:7 is the url")
                .containsPattern("\ndatabaseUrl +duet.toml:7 +postgresql://app:\\*\\*\\*\\*@db.internal:5432/app\n");
        assertThat(toml.out()).containsPattern("\ndatabasePoolSize +duet.toml:8 +10\n");
        assertThat(toml.out()).containsPattern("\napp.greeting +duet.toml:11 +hello from the file\n");
        assertThat(toml.out()).containsPattern("\napp.mail.host +duet.toml:14 +smtp.internal\n");
        assertThat(toml.out()).doesNotContain("secret@");

        CliHarness.Result yaml = config("duet.yaml", files.get("duet.yaml"));
        assertThat(yaml.out()).containsPattern("\nport +duet.yaml:2 +8080\n");
        assertThat(yaml.out()).containsPattern("\ndatabaseUrl +duet.yaml:8 +postgresql://app:\\*\\*\\*\\*@db.internal:5432/app\n");
        assertThat(yaml.out()).containsPattern("\napp.mail.host +duet.yaml:13 +smtp.internal\n");

        assertThat(values(yaml.out())).as("the YAML file is the TOML file's twin").isEqualTo(values(toml.out()));
    }

    // KEY -> VALUE of config's table, the sources left out.
    private static Map<String, String> values(String out) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : out.lines().skip(2).toList()) {
            List<String> cells = List.of(line.split(" {2,}", 3));
            values.put(cells.get(0), cells.size() > 2 ? cells.get(2) : "");
        }
        return values;
    }
}
