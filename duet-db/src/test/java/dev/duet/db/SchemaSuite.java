package dev.duet.db;

import dev.duet.db.model.Note;
import dev.duet.db.model.Product;
import dev.duet.db.model.User;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connecting, creating and dropping tables, and Flyway migrations. */
abstract class SchemaSuite extends OrmSuite {
    protected SchemaSuite(TestDatabases.Kind kind) {
        super(kind);
    }

    @Test
    void connectsWithTheRightDialect() {
        assertThat(db.dialect()).isEqualTo(dialect());
        assertThat(db.poolSize()).isPositive();
        assertThat(db.toString()).doesNotContain("secret");
    }

    @Test
    void anUnreachableDatabaseFailsClearlyAndQuickly() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Database.connect(DbConfig.builder().url(kind.unreachableUrl())
                .connectionTimeout(Duration.ofSeconds(2)).build()))
                .isInstanceOf(ConnectionFailure.class)
                .hasMessageStartingWith("Cannot connect to ");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void createTablesIsIdempotent() {
        db.createTables(User.class, Product.class, Note.class);
        users.create(User.of("Ann", "ann@example.com"));
        db.createTables(User.class);
        assertThat(users.count()).isEqualTo(1);
    }

    @Test
    void flywayMigrationsRunOnce() {
        // This database already has tables made by createTables(), so Flyway is told to start from an empty baseline.
        int applied = db.migrate(f -> f.table("duet_schema_history").baselineOnMigrate(true).baselineVersion("0"));
        assertThat(applied).isEqualTo(2);
        assertThat(db.migrate(f -> f.table("duet_schema_history"))).isZero();
        assertThat(db.queryMaps("SELECT name FROM widgets ORDER BY id")).extracting(m -> m.get("name"))
                .containsExactly("sprocket", "gear");
    }
}
