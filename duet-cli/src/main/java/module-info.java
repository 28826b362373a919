/**
 * The {@code duet} command line. An app hands itself, as an {@link dev.duet.cli.Application}, to
 * {@link dev.duet.cli.DuetCli#run} from its {@code main}, and gets Duet's commands (serve, routes,
 * config, db, run in dev mode) beside its own; {@code duet new} needs no app.
 * Tests run the same command line in process with {@link dev.duet.cli.CliRunner}.
 * {@code dev.duet.cli.internal} is not exported.
 */
module dev.duet.cli {
    exports dev.duet.cli;

    requires transitive dev.duet.core;
    requires transitive dev.duet.db;
    requires info.picocli;
    requires tools.jackson.databind;
    requires tools.jackson.dataformat.toml;
    requires tools.jackson.dataformat.yaml;
    requires java.compiler; // duet run compiles the app in process
    requires jdk.jfr; // duet run starts the flight recorder outside the app's class loaders
}
