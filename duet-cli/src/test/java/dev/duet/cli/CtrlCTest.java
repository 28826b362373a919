package dev.duet.cli;

import dev.duet.App;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C on a real process: SIGINT starts the JVM's shutdown, which must cancel the async
 * command's stage and let the command finish cleaning up before the process ends.
 */
class CtrlCTest {
    /** The process under test: an app whose {@code wait} command never completes by itself. */
    public static void main(String[] args) {
        Application app = new Application() {
            @Override
            public App create(Settings settings) {
                return App.create(settings.config());
            }

            @Override
            public void commands(Commands commands) {
                commands.add(Command.named("wait").async(ctx -> {
                    CompletableFuture<Integer> never = new CompletableFuture<>();
                    never.whenComplete((v, e) -> System.err.println("stage cancelled: " + never.isCancelled()));
                    ctx.out().println("started");
                    ctx.out().flush();
                    return never;
                }));
            }
        };
        System.exit(DuetCli.run(app, args));
    }

    @Test
    void sigintCancelsTheRunningAsyncCommand() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CtrlCTest.class.getName(), "wait").start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("started");
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the process ends").isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(err).contains("stage cancelled: true").contains("wait: cancelled");
            assertThat(p.exitValue()).isEqualTo(130);
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
