package dev.duet.cli;

import dev.duet.Config;
import dev.duet.cli.CliRunner.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code duet db migrate}, {@code status} and {@code create-tables} on one kind of database, each
 * test in a database of its own; the migrations are this module's test resources, db/migration.
 */
abstract class DbMigrateSuite {
    private IsolatedDatabase database;
    private Settings settings;
    private CliRunner cli;

    abstract IsolatedDatabase isolate() throws Exception;

    @BeforeEach
    void isolateDatabase() throws Exception {
        database = isolate();
        settings = Settings.of(Config.defaults(), Map.of("databaseUrl", database.url()));
        cli = CliRunner.of(new SampleApp(), settings);
    }

    @AfterEach
    void dropDatabase() {
        try {
            settings.close();
        } finally {
            database.close();
        }
    }

    @Test
    void statusListsPendingMigrationsThenMigrateAppliesThemAndStatusSaysSo() {
        Result before = cli.run("db", "status");
        assertThat(before.exitCode()).isZero();
        assertThat(before.out()).containsPattern("1 +\\| create books +\\| Pending")
                .containsPattern("2 +\\| seed books +\\| Pending")
                .contains("0 applied, 2 pending on Database[");

        Result migrated = cli.run("db", "migrate");
        assertThat(migrated.exitCode()).isZero();
        assertThat(migrated.out()).startsWith("Applied 2 migrations: Database[").endsWith(" is now at version 2.\n");
        assertThat(migrated.err()).as("progress, as plain lines under the runner").endsWith("Migrating: 2/2 (100%), done\n");
        assertThat(settings.database().queryMaps("SELECT title FROM books ORDER BY id"))
                .extracting(row -> row.values().iterator().next()).containsExactly("Dune", "Emma");

        Result after = cli.run("db", "status");
        assertThat(after.out()).containsPattern("1 +\\| create books +\\| Success +\\| \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC")
                .contains("2 applied, 0 pending on");

        Result again = cli.run("db", "migrate");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).startsWith("Nothing to migrate: Database[").endsWith(" is at version 2.\n");
        assertThat(again.err()).as("no progress for no work").isEmpty();
    }

    @Test
    void aMigrationThatFailsIsExitCode1WithFlywaysReason() {
        settings.database().execute("CREATE TABLE books (id INTEGER PRIMARY KEY)");
        Result r = cli.run("db", "migrate");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("Migrating: 0/2 (0%), stopped\nmigrate failed: Migration failed: Found non-empty schema(s) ")
                .contains(" but no schema history table").endsWith("\n(--verbose shows the stack trace)\n");
        assertThat(cli.run("db", "status").out()).doesNotContain("2 applied");
    }

    @Test
    void createTablesMakesTheModelsTablesAndIsIdempotent() {
        Result r = cli.run("db", "create-tables");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Tables ready on Database[").endsWith(": notes.\n");
        assertThat(r.err()).isEqualTo("Creating tables: 1/1 (100%), done\n");
        settings.database().execute("INSERT INTO notes (text) VALUES (?)", "kept");
        assertThat(cli.run("db", "create-tables").exitCode()).isZero();
        assertThat(settings.database().queryMaps("SELECT text FROM notes")).hasSize(1);
    }

    @Test
    void theShellRunsStatementsOnTheAppsDatabase() {
        cli.run("db", "migrate");
        Result r = cli.withInput("SELECT id, title FROM books ORDER BY id;\n").run("db", "shell");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().map(String::strip).toList()).containsExactly(
                List.of("id | title", "---+------", "1  | Dune", "2  | Emma", "(2 rows)").toArray(String[]::new));
    }
}
