package dev.duet.cli;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.cli.CliRunner.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code duet db shell} fed from an input, on a SQLite file; and the db group's unhappy paths. */
class SqlShellTest {
    private IsolatedDatabase database;
    private Settings settings;
    private CliRunner cli;

    @BeforeEach
    void open() throws Exception {
        database = IsolatedDatabase.sqlite();
        settings = Settings.of(Config.defaults(), Map.of("databaseUrl", database.url()));
        cli = CliRunner.of(new SampleApp(), settings);
        settings.database().execute("CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT, born INTEGER)");
        settings.database().execute("INSERT INTO pets (name, born) VALUES ('Rex', 2019), ('Tom', NULL), ('Kiki', 2021)");
    }

    @AfterEach
    void close() {
        try {
            settings.close();
        } finally {
            database.close();
        }
    }

    private Result shell(String input, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "db";
        args[1] = "shell";
        System.arraycopy(options, 0, args, 2, options.length);
        return cli.withInput(input).run(args);
    }

    @Test
    void aQueryPrintsAnAlignedTableWithNullsShown() {
        Result r = shell("SELECT name, born FROM pets ORDER BY id;\n");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                name | born
                -----+-----
                Rex  | 2019
                Tom  | NULL
                Kiki | 2021
                (3 rows)
                """);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void statementsMaySpanLinesAndChangesAreCounted() {
        Result r = shell("UPDATE pets\n   SET born = 2020\n WHERE born IS NULL;\nDELETE FROM pets WHERE born > 2020;\nSELECT count(*) AS n FROM pets;\n");
        assertThat(r.out()).isEqualTo("1 row affected\n1 row affected\nn\n-\n2\n(1 row)\n");
        assertThat(settings.database().queryMaps("SELECT born FROM pets WHERE name = 'Tom'").getFirst()).containsValue(2020);
    }

    @Test
    void oneConnectionServesTheSessionSoATransactionSpansStatements() {
        Result r = shell("BEGIN;\nDELETE FROM pets;\nSELECT count(*) AS n FROM pets;\nROLLBACK;\n");
        assertThat(r.out()).contains("3 rows affected\nn\n-\n0\n");
        assertThat(settings.database().queryMaps("SELECT id FROM pets")).hasSize(3);
    }

    @Test
    void anErrorIsPrintedTheShellGoesOnAndTheExitCodeSaysSomethingFailed() {
        Result r = shell("SELECT nope FROM pets;\nSELECT count(*) AS n FROM pets;\n");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: ").contains("no such column: nope");
        assertThat(r.out()).isEqualTo("n\n-\n3\n(1 row)\n");
    }

    @Test
    void quitStopsReadingAndALastStatementWithoutSemicolonRuns() {
        assertThat(shell("SELECT 1 AS a;\n.quit\nDELETE FROM pets;\n").out()).isEqualTo("a\n-\n1\n(1 row)\n");
        assertThat(settings.database().queryMaps("SELECT id FROM pets")).hasSize(3);
        assertThat(shell("\n\nSELECT 2 AS b").out()).isEqualTo("b\n-\n2\n(1 row)\n");
        assertThat(shell("").exitCode()).isZero();
    }

    @Test
    void dotCommandsListTablesAndHelpAndUnknownOnesAreErrors() {
        assertThat(shell(".tables\n").out()).isEqualTo("pets\n");
        assertThat(shell(".help\n").out()).contains(".tables").contains(".quit");
        Result unknown = shell(".drop\n");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("Unknown command .drop; .help lists them\n");
    }

    @Test
    void maxRowsBoundsWhatIsPrintedAndSaysSo() {
        Result r = shell("SELECT name FROM pets ORDER BY id;\n", "--max-rows", "2");
        assertThat(r.out()).isEqualTo("name\n----\nRex\nTom\n(only the first 2 rows are shown; --max-rows shows more)\n");
        Result bad = shell("SELECT 1;\n", "--max-rows", "0");
        assertThat(bad.exitCode()).as("a usage error").isEqualTo(2);
        assertThat(bad.err()).startsWith("--max-rows must be 1 or more, not 0\nUsage: duet db shell");
    }

    @Test
    void noPromptWhenPiped() {
        assertThat(shell("SELECT 1 AS a;\n").out()).doesNotContain("sql>").doesNotContain("Connected");
    }

    @Test
    void dbAloneNamesItsSubcommands() {
        Result r = cli.run("db");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("Missing subcommand: migrate, status, create-tables, shell\n").contains("Usage: duet db");
    }

    @Test
    void createTablesWithNoModelsSaysWhereToListThem() {
        Application none = s -> App.create(s.config());
        Result r = CliRunner.of(none, settings).run("db", "create-tables");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("No models to create tables for: the app's Application.models() lists none.\n");
    }

    @Test
    void anUnreachableDatabaseIsAClearFailure() {
        try (Settings nowhere = Settings.of(Config.defaults(), Map.of("databaseUrl", "postgresql://postgres@127.0.0.1:1/test"))) {
            Result r = CliRunner.of(new SampleApp(), nowhere).run("db", "status");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).startsWith("status failed: ").contains("127.0.0.1:1");
        }
    }
}
