package dev.duet.cli;

import dev.duet.cli.testsite.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The top of the command line: what an app's jar answers with no command, an unknown one, or --help. */
class DuetCliTest {
    @TempDir
    Path dir;

    @Test
    void noCommandPrintsTheUsageListingTheCommandsAndExitsWithTwo() {
        CliHarness.Result r = new CliHarness(dir).run(new Site());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("Missing required subcommand\nUsage: duet");
        assertThat(r.err()).contains("  serve ", "  config ", "  routes ");
    }

    @Test
    void anUnknownCommandIsRefused() {
        CliHarness.Result r = new CliHarness(dir).run(new Site(), "srve");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument at index 0: 'srve'");
    }

    @Test
    void serveHelpListsItsOptions() {
        CliHarness.Result r = new CliHarness(dir).run(new Site(), "serve", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--port=PORT", "--host=HOST", "--core=CORE", "--event-loops=N", "--profile=NAME",
                "--set=KEY=VALUE");
    }
}
