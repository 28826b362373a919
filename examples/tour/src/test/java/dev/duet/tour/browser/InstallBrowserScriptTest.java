package dev.duet.tour.browser;

import dev.duet.conformance.DocSnippets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/install-browser, run by bash with a PATH of stand-ins (apt-get, sudo, id, chromium) that
 * record how they were called, so every branch runs here without installing anything: already
 * installed, installed now (and idempotent after), apt-get failing, no apt-get, not root.
 */
class InstallBrowserScriptTest {
    @TempDir
    Path bin;
    private Path calls;

    /** What the script finished with. */
    record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeEach
    void plainTools() throws IOException {
        calls = bin.resolve("calls.log");
        Files.createFile(calls);
        // The few real tools the script uses besides the stand-ins.
        for (String tool : List.of("id", "mktemp", "rm", "tail")) {
            Path real = List.of(Path.of("/usr/bin", tool), Path.of("/bin", tool)).stream().filter(Files::isExecutable).findFirst().orElseThrow();
            Files.createSymbolicLink(bin.resolve(tool), real);
        }
    }

    @Test
    void whenChromiumIsThereItSaysOneLineAndInstallsNothing() throws Exception {
        fakeChromium();
        fake("apt-get", "echo \"apt-get $*\" >> " + calls + "\nexit 0");
        Run run = runScript();
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("install-browser: chromium is installed (" + bin.resolve("chromium") + ")\n");
        assertThat(run.stderr()).isEmpty();
        assertThat(Files.readString(calls)).isEmpty();
    }

    @Test
    void whenChromiumIsMissingItUpdatesAndInstallsItThenLeavesItAlone() throws Exception {
        // An apt-get that "installs" chromium by writing one into the PATH.
        fake("apt-get", "echo \"apt-get $*\" >> " + calls + "\n"
                + "case \"$*\" in *install*) printf '#!/bin/sh\\necho Chromium 156.0 built on Debian\\n' > " + bin.resolve("chromium")
                + "; /bin/chmod +x " + bin.resolve("chromium") + ";; esac\nexit 0");
        Run first = runScript();
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).isEqualTo("""
                install-browser: installing chromium with apt-get (a few minutes on a fresh machine) ...
                install-browser: chromium installed (%s, Chromium 156.0 built on Debian)
                """.formatted(bin.resolve("chromium")));
        assertThat(Files.readAllLines(calls)).containsExactly("apt-get update -q",
                "apt-get install -y -q --no-install-recommends chromium");

        Run again = runScript();
        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout()).isEqualTo("install-browser: chromium is installed (" + bin.resolve("chromium") + ")\n");
        assertThat(Files.readAllLines(calls)).as("apt-get is not run again").hasSize(2);
    }

    @Test
    void whenAptGetFailsItShowsWhyAndSaysWhatToDo() throws Exception {
        fake("apt-get", "echo \"apt-get $*\" >> " + calls + "\n"
                + "case \"$*\" in *install*) echo 'E: Unable to locate package chromium' >&2; exit 100;; esac\nexit 0");
        Run run = runScript();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("""
                E: Unable to locate package chromium
                install-browser: apt-get install chromium failed (above)
                install-browser: install Debian's chromium by hand (apt-get install chromium); the browser tests fail without it
                """);
    }

    @Test
    void whenAptGetInstallsNoChromiumCommandItSaysSo() throws Exception {
        fake("apt-get", "exit 0");
        Run run = runScript();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("install-browser: apt-get installed chromium, but no chromium command is on the PATH\n");
    }

    @Test
    void withoutAptGetItInstallsNothingAndSaysSo() throws Exception {
        Run run = runScript();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).startsWith("install-browser: no apt-get on this machine, so nothing was installed\n");
    }

    @Test
    void notRootItUsesSudoWhenThereIsOne() throws Exception {
        notRoot();
        fake("sudo", "echo \"sudo $*\" >> " + calls + "\nshift\n\"$@\"");
        fake("apt-get", "case \"$*\" in *install*) /bin/cp " + bin.resolve("id") + " " + bin.resolve("chromium") + ";; esac\nexit 0");
        Run run = runScript();
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(Files.readAllLines(calls)).containsExactly("sudo -n apt-get update -q",
                "sudo -n apt-get install -y -q --no-install-recommends chromium");
    }

    @Test
    void notRootAndNoSudoItInstallsNothingAndSaysSo() throws Exception {
        notRoot();
        fake("apt-get", "echo \"apt-get $*\" >> " + calls + "\nexit 0");
        Run run = runScript();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("install-browser: not root and no sudo, so nothing was installed\n");
        assertThat(Files.readString(calls)).isEmpty();
    }

    private void notRoot() throws IOException {
        Files.delete(bin.resolve("id"));
        fake("id", "echo 1000");
    }

    private void fakeChromium() throws IOException {
        fake("chromium", "echo 'Chromium 156.0'");
    }

    private void fake(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private Run runScript() throws Exception {
        Path script = DocSnippets.projectRoot().resolve("scripts/install-browser");
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", script.toString());
        pb.environment().put("PATH", bin.toString());
        Path out = bin.resolve("out.txt");
        Path err = bin.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the script ends").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
