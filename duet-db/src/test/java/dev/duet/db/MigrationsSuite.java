package dev.duet.db;

import dev.duet.db.Migrations.Migration;
import dev.duet.db.Migrations.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Database#migrations()}: status, pending, version and migrate on each database, and that
 * it is the very set-up {@link Database#migrate()} uses (one history, the table prefix's). Every
 * test starts from an empty database of its own.
 */
abstract class MigrationsSuite {
    private final TestDatabases.Kind kind;
    private TestDatabases.Isolated iso;
    private Database db;

    protected MigrationsSuite(TestDatabases.Kind kind) {
        this.kind = kind;
    }

    @BeforeEach
    void connect() {
        iso = kind.isolate();
        db = Database.connect(iso.url());
    }

    @AfterEach
    void disconnect() {
        if (db != null) db.close();
        if (iso != null) iso.drop();
    }

    @Test
    void statusListsThePendingThenTheAppliedWithWhenTheyWere() {
        Migrations migrations = db.migrations();
        assertThat(migrations.status()).extracting(Migration::version, Migration::description, Migration::status, Migration::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1", "create widgets", Status.PENDING, "Pending"),
                        org.assertj.core.groups.Tuple.tuple("2", "seed widgets", Status.PENDING, "Pending"));
        assertThat(migrations.status()).allSatisfy(m -> assertThat(m.installedOn()).isNull());
        assertThat(migrations.pending()).hasSize(2);
        assertThat(migrations.version()).isEmpty();

        assertThat(migrations.migrate()).isEqualTo(2);

        assertThat(migrations.status()).extracting(Migration::version, Migration::status, Migration::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1", Status.APPLIED, "Success"),
                        org.assertj.core.groups.Tuple.tuple("2", Status.APPLIED, "Success"));
        assertThat(migrations.status()).allSatisfy(m -> assertThat(m.installedOn()).isNotNull());
        assertThat(migrations.pending()).isEmpty();
        assertThat(migrations.version()).contains("2");
        assertThat(db.queryMaps("SELECT name FROM widgets ORDER BY id")).extracting(m -> m.get("name")).containsExactly("sprocket", "gear");
    }

    @Test
    void databaseMigrateAndMigrationsShareOneHistory() {
        assertThat(db.migrate()).isEqualTo(2);
        assertThat(db.migrations().pending()).as("what Database.migrate applied, migrations() sees applied").isEmpty();
        assertThat(db.migrations().migrate()).isZero();
        assertThat(db.migrate()).isZero();
    }

    @Test
    void theListenerIsToldWhatIsAboutToRunThenEachAppliedInOrder() {
        List<String> told = new ArrayList<>();
        Migrations.Listener listener = new Migrations.Listener() {
            @Override
            public void starting(List<Migration> pending) {
                told.add("starting " + pending.stream().map(Migration::version).toList());
            }

            @Override
            public void applied(Migration m) {
                told.add("applied " + m.version() + " " + m.status());
            }
        };
        assertThat(db.migrations().migrate(listener)).isEqualTo(2);
        assertThat(told).containsExactly("starting [1, 2]", "applied 1 APPLIED", "applied 2 APPLIED");
        told.clear();
        assertThat(db.migrations().migrate(listener)).isZero();
        assertThat(told).containsExactly("starting []");
    }

    @Test
    void aTablePrefixHasAHistoryOfItsOwn() {
        try (Database shop = Database.connect(DbConfig.builder().url(iso.url()).tablePrefix("shop_").build())) {
            assertThat(shop.migrations().migrate(f -> f.locations("classpath:db/prefixed"))).isEqualTo(1);
            assertThat(shop.queryMaps("SELECT version FROM shop_flyway_schema_history WHERE version = '1'")).hasSize(1);
            assertThat(shop.migrations().version()).as("its status reads its own history").contains("1");
        }
        assertThat(db.migrations().version()).as("the unprefixed history is untouched").isEmpty();
        assertThat(db.migrations().pending()).hasSize(2);
    }

    @Test
    void aFailingMigrationIsADbExceptionWithFlywaysReason() {
        assertThatThrownBy(() -> db.migrations().migrate(f -> f.locations("classpath:db/broken")))
                .isInstanceOf(DbException.class).hasMessageStartingWith("Migration failed: ")
                .hasMessageContaining("V1__broken.sql");
    }

    @Test
    void aClosedDatabaseHasNoMigrationsToRead() {
        Migrations migrations = db.migrations();
        db.close();
        assertThatThrownBy(migrations::status).isInstanceOf(DbException.class).hasMessage("The database is closed");
        assertThatThrownBy(migrations::migrate).isInstanceOf(DbException.class).hasMessage("The database is closed");
        assertThatThrownBy(() -> migrations.migrate((Migrations.Listener) null)).isInstanceOf(NullPointerException.class);
    }
}
