package dev.duet.jwtcheck;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's "build on it" lines are this module's build, which the other tests prove. */
class ReadmeBuildTest {
    private static final Pattern README_BLOCK = Pattern.compile("<!-- build: bom -->\\s*\\n```xml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern DUET_VERSION = Pattern.compile("<duet\\.version>(.*?)</duet\\.version>");

    @Test
    void readmeShowsTheBomImportAndTheDependencyAsThisModuleDeclaresThem() throws IOException {
        Matcher block = README_BLOCK.matcher(Files.readString(projectRoot().resolve("README.md")));
        assertThat(block.find()).as("README.md has a <!-- build: bom --> xml block").isTrue();
        String readme = squeeze(block.group(1));

        String pom = Files.readString(Path.of("pom.xml"));
        Matcher version = DUET_VERSION.matcher(pom);
        assertThat(version.find()).isTrue();
        String ours = squeeze(pom.replaceAll("(?s)<!--.*?-->", "").replace("${duet.version}", version.group(1)));

        String bomImport = readme.substring(0, readme.indexOf("</dependencyManagement>"));
        assertThat(ours).contains(bomImport);
        assertThat(ours).contains("<dependency><groupId>dev.duet</groupId><artifactId>duet-netty</artifactId></dependency>");
        assertThat(readme).endsWith("<dependency><groupId>dev.duet</groupId><artifactId>duet-netty</artifactId></dependency></dependencies>");
    }

    private static String squeeze(String xml) {
        return xml.replaceAll("\\s+", "");
    }

    private static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) return p;
        }
        throw new IllegalStateException("no README.md and docs/ above " + Path.of("").toAbsolutePath());
    }
}
