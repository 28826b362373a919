package dev.duet.tour.scaleout;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/deployment.md shows the files the tests run: its nginx config is {@code deploy/nginx/nginx.conf}
 * byte for byte (the file {@link ScaleOutTest} starts nginx on), and its table of environment
 * variables names every variable the Kubernetes ConfigMap and Secret set.
 */
class DeploymentGuideTest {
    private static final Path GUIDE = Nginx.ROOT.resolve("docs/deployment.md");
    private static final Pattern FILE_BLOCK = Pattern.compile("<!-- file: ([\\w./-]+) -->\\s*\\n```\\w*\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theGuideShowsTheNginxConfigTheScaleOutTestRuns() throws Exception {
        String guide = Files.readString(GUIDE);
        Matcher m = FILE_BLOCK.matcher(guide);
        List<String> shown = new ArrayList<>();
        while (m.find()) {
            shown.add(m.group(1));
            assertThat(m.group(2)).as("the block of %s in docs/deployment.md", m.group(1))
                    .isEqualTo(Files.readString(Nginx.ROOT.resolve(m.group(1))));
        }
        assertThat(shown).containsExactly("deploy/nginx/nginx.conf");
    }

    @Test
    void theEnvironmentTableNamesEveryVariableTheManifestsSet() throws Exception {
        String guide = Files.readString(GUIDE);
        String table = guide.substring(guide.indexOf("## Configuration by environment"));
        table = table.substring(0, table.indexOf("\n## "));
        YAMLMapper yaml = YAMLMapper.builder().build();
        List<String> names = new ArrayList<>();
        JsonNode config = yaml.readTree(Files.readString(Nginx.ROOT.resolve("deploy/k8s/configmap.yaml")));
        JsonNode secret = yaml.readTree(Files.readString(Nginx.ROOT.resolve("deploy/k8s/secret.yaml")));
        config.path("data").propertyNames().forEach(names::add);
        secret.path("stringData").propertyNames().forEach(names::add);
        assertThat(names).hasSizeGreaterThan(5);
        for (String name : names) assertThat(table).as("the guide's table").contains("`" + name + "`");
    }
}
