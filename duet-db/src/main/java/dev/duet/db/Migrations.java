package dev.duet.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A database's Flyway migrations: which are applied and which pending ({@link #status()}), and
 * applying them ({@link #migrate()}). The one place Duet configures Flyway:
 * {@code classpath:db/migration}, the history table {@code <tablePrefix>flyway_schema_history},
 * the {@code ${tablePrefix}} placeholder, and the database's schema if it has one.
 * {@link Database#migrate()} and {@code duet db status|migrate} both come here.
 *
 * <pre>{@code
 * Migrations migrations = db.migrations();
 * for (Migrations.Migration m : migrations.status()) {
 *     System.out.println(m.version() + " " + m.description() + " " + m.status());  // 1 create users APPLIED
 * }
 * if (!migrations.pending().isEmpty()) migrations.migrate();
 * System.out.println(migrations.version().orElse("empty"));                            // 2
 * }</pre>
 */
public final class Migrations {
    private final DbConfig config;
    private final DataSource dataSource;
    private final Exclusive exclusive;

    /** Runs work while no other write does (SQLite's single writer); the database's own lock. */
    interface Exclusive {
        <R> R run(Supplier<R> work);
    }

    Migrations(DbConfig config, DataSource dataSource, Exclusive exclusive) {
        this.config = config;
        this.dataSource = dataSource;
        this.exclusive = exclusive;
    }

    /** Where a migration stands, coarsely; {@link Migration#state()} has Flyway's finer word for it. */
    public enum Status {
        /** Applied successfully (also a baseline, or one applied out of order). */
        APPLIED,
        /** Not applied yet; the next {@link #migrate()} applies it. */
        PENDING,
        /** Applied and failed: the database needs a look (and Flyway's {@code repair}) before migrating on. */
        FAILED,
        /** Known but neither applied nor to be applied: ignored, below the baseline, above the target. */
        SKIPPED
    }

    /**
     * One migration, applied or not.
     *
     * @param version     {@code 2}, {@code 1.1}; empty for a repeatable migration
     * @param description {@code create users} from {@code V2__create_users.sql}
     * @param status      applied, pending, failed or skipped
     * @param state       Flyway's own word for it ({@code Success}, {@code Pending}, {@code Missing}...)
     * @param installedOn when it was applied; null if it was not
     */
    public record Migration(String version, String description, Status status, String state, Instant installedOn) {
        /** Refuses nulls except {@code installedOn}. */
        public Migration {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(state, "state");
        }
    }

    /** Told of a {@link #migrate(Listener)} run as it goes, for a progress line. */
    public interface Listener {
        /** Before the first is applied: the migrations about to be, in order (perhaps none). */
        default void starting(List<Migration> pending) {
        }

        /** After each migration is applied. */
        default void applied(Migration migration) {
        }
    }

    /**
     * Every migration Flyway knows of, applied or on the class path, in order. Reads the history
     * table; changes nothing.
     *
     * @throws DbException with Flyway's message if the history cannot be read
     */
    public List<Migration> status() {
        return Arrays.stream(info().all()).map(Migrations::migration).toList();
    }

    /** The migrations {@link #migrate()} would apply now, in order. */
    public List<Migration> pending() {
        return status().stream().filter(m -> m.status() == Status.PENDING).toList();
    }

    /** The version of the latest migration applied; empty on a database with none. */
    public Optional<String> version() {
        MigrationInfo current = info().current();
        return current == null || current.getVersion() == null ? Optional.empty() : Optional.of(current.getVersion().getVersion());
    }

    /**
     * Applies the pending migrations, in order, each once; returns how many were applied.
     *
     * @throws DbException with Flyway's message if one fails (those before it stay applied)
     */
    public int migrate() {
        return migrate(f -> { });
    }

    /** {@link #migrate()}, telling {@code listener} what is about to be applied and each one applied. */
    public int migrate(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        return migrate(f -> {
            listener.starting(Arrays.stream(f.load().info().pending()).map(Migrations::migration).toList());
            f.callbacks(new Told(listener));
        });
    }

    /**
     * {@link #migrate()} with Flyway configured further by {@code configure} after Duet's set-up
     * (other locations, {@code baselineOnMigrate}, another history table...).
     */
    public int migrate(Consumer<FluentConfiguration> configure) {
        Objects.requireNonNull(configure, "configure");
        try {
            // Inside the try: configuring may read the database too (the listener's pending list).
            FluentConfiguration fc = configure();
            configure.accept(fc);
            Flyway flyway = fc.load();
            return exclusive.run(() -> flyway.migrate().migrationsExecuted);
        } catch (FlywayException e) {
            throw new DbException("Migration failed: " + e.getMessage(), e);
        }
    }

    private org.flywaydb.core.api.MigrationInfoService info() {
        FluentConfiguration fc = configure();
        try {
            return exclusive.run(() -> fc.load().info());
        } catch (FlywayException e) {
            throw new DbException("Could not read the migrations: " + e.getMessage(), e);
        }
    }

    // Duet's set-up, the only one: status() and migrate() must see the same migrations and history.
    private FluentConfiguration configure() {
        // The context loader first: in duet run the app's migrations live in a reloadable class loader.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        FluentConfiguration fc = Flyway.configure(loader != null ? loader : Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .table(config.tablePrefix() + "flyway_schema_history")
                .placeholders(Map.of("tablePrefix", config.tablePrefix()));
        if (config.schema() != null) fc.schemas(config.schema()).defaultSchema(config.schema());
        return fc;
    }

    static Migration migration(MigrationInfo m) {
        MigrationState s = m.getState();
        Status status = s.isFailed() ? Status.FAILED
                : s.isApplied() ? Status.APPLIED
                : s == MigrationState.PENDING ? Status.PENDING
                : Status.SKIPPED;
        return new Migration(m.getVersion() == null ? "" : m.getVersion().getVersion(), m.getDescription(), status,
                s.getDisplayName(), m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant());
    }

    /** Flyway's callback after each migration, passed on to a {@link Listener}. */
    private record Told(Listener listener) implements Callback {
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.AFTER_EACH_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            MigrationInfo m = context.getMigrationInfo();
            // Flyway's info here is from before the run (still pending): it is applied now.
            if (m != null) {
                Migration before = migration(m);
                listener.applied(new Migration(before.version(), before.description(), Status.APPLIED,
                        MigrationState.SUCCESS.getDisplayName(), Instant.now()));
            }
        }

        @Override
        public String getCallbackName() {
            return "duet-migrations-listener";
        }
    }
}
