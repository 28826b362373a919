package dev.duet.cli;

import dev.duet.cli.internal.Inputs;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs commands in a working directory of a test's own, with given environment and properties, capturing out and err. */
final class CliHarness {
    final Path dir;
    final Map<String, String> env = new HashMap<>();
    final Map<String, String> props = new HashMap<>();

    CliHarness(Path dir) {
        this.dir = dir;
    }

    /** Writes a settings file into the working directory. */
    CliHarness file(String name, String... lines) {
        try {
            Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return this;
    }

    Inputs inputs() {
        return new Inputs(dir, env, props);
    }

    /** The outcome of one command. */
    record Result(int code, String out, String err) {
    }

    Result run(Application app, String... args) {
        CommandLine cli = DuetCli.commandLine(app, inputs());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
