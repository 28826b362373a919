package dev.duet.cli;

import dev.duet.App;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code new} is a command of the app-less command line (the launcher's), not of an app's. */
class DuetCliNewTest {
    @Test
    void newIsRegisteredOnlyWithoutAnApp() {
        assertThat(DuetCli.commandLine(null).getSubcommands()).containsKey("new");
        assertThat(DuetCli.commandLine(settings -> App.create()).getSubcommands()).doesNotContainKey("new");
    }
}
