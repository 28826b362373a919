package dev.duet.tour;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tour's jar as an operator runs it: {@code Tour.main} answers {@code routes} and
 * {@code config} (the duet command line), in a process of its own, as {@code java -jar} would.
 */
class TourCliTest {
    @TempDir
    Path workDir;

    private record Outcome(int code, String out) {
    }

    private Outcome run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.duet.tour.Tour"));
        cmd.addAll(List.of(args));
        Path log = workDir.resolve("out.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("DATABASE_URL");
        pb.environment().remove("DUET_PROFILE");
        pb.environment().put("DUET_SECRETS", "a-session-key-for-the-tour-cli-test-0123456789");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the tour did not finish:\n" + Files.readString(log));
        }
        return new Outcome(p.exitValue(), Files.readString(log));
    }

    @Test
    void routesListsTheToursRoutesWithTheirKindsAndSources() throws Exception {
        Outcome o = run("routes");
        assertThat(o.code()).as(o.out()).isZero();
        assertThat(o.out()).containsPattern("GET +/check +async middleware > blocking handler +30s +Tour\\.java:\\d+");
        assertThat(o.out()).containsPattern("GET +/slow-async +async middleware > async handler +30s +Tour\\.java:\\d+");
        assertThat(o.out()).containsPattern("GET +/ +.*dev\\.duet\\.tour\\.pages\\.Page\\.get");
    }

    @Test
    void configShowsTheToursDatabaseFromItsClassPathDefaultsAndHidesTheSessionKey() throws Exception {
        Files.writeString(workDir.resolve("duet.properties"), "port = 9123\n");
        Outcome o = run("config");
        assertThat(o.code()).as(o.out()).isZero();
        assertThat(o.out()).containsPattern("\nport +duet.properties:1 +9123\n");
        assertThat(o.out()).containsPattern("\ndatabaseUrl +classpath:duet.properties:3 +sqlite:duet-tour.db\n");
        assertThat(o.out()).containsPattern("\nsecrets +env DUET_SECRETS +\\*\\*\\*\\*\n");
        assertThat(o.out()).doesNotContain("a-session-key-for-the-tour-cli-test");
    }

    @Test
    void aTypoInTheSettingsFileStopsTheTourWithTheLine() throws Exception {
        Files.writeString(workDir.resolve("duet.properties"), "# settings\nprot = 9123\n");
        Outcome o = run("serve");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.out()).contains("duet serve: duet.properties:2: unknown setting 'prot' (did you mean 'port'?)");
    }
}
