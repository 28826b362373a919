package dev.duet.cli.internal;

import dev.duet.cli.CommandContext;
import dev.duet.cli.Progress;
import dev.duet.db.Database;
import dev.duet.db.DbConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code duet db migrate} and {@code duet db status}: Flyway, as {@link Database#migrate()} sets it up. */
final class Migrations {
    private static final DateTimeFormatter INSTALLED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Migrations() {
    }

    /** Applies the pending migrations with a progress line; prints what was done. */
    static int migrate(CommandContext ctx) {
        Database db = ctx.settings().database();
        Run run = new Run();
        int applied = db.migrate(fc -> {
            // The count is read with the very configuration migrate() uses, so it counts what will run.
            var info = fc.load().info();
            run.reached = version(info.current());
            int pending = info.pending().length;
            if (pending > 0) {
                run.progress = ctx.progress("Migrating", pending);
                fc.callbacks(run);
            }
        });
        // On a failure the command's end stops the line instead, not calling it done.
        if (run.progress != null) run.progress.done();
        PrintWriter out = ctx.out();
        if (applied == 0) out.println("Nothing to migrate: " + db + " is at " + describe(run.reached) + ".");
        else out.println("Applied " + applied + (applied == 1 ? " migration" : " migrations") + ": " + db + " is now at " + describe(run.reached) + ".");
        return 0;
    }

    /** Prints every migration Flyway knows of, applied and pending, and a count of each. */
    static int status(CommandContext ctx) {
        Database db = ctx.settings().database();
        MigrationInfo[] all = configure(db).load().info().all();
        PrintWriter out = ctx.out();
        if (all.length == 0) {
            out.println("No migrations: none in classpath:db/migration, none applied to " + db + ".");
            return 0;
        }
        TextTable table = new TextTable(List.of("Version", "Description", "State", "Installed on"));
        for (MigrationInfo m : all) {
            table.add(Arrays.asList(m.getVersion() == null ? "" : m.getVersion().getVersion(), m.getDescription(),
                    m.getState().getDisplayName(), m.getInstalledOn() == null ? "" : INSTALLED.format(m.getInstalledOn().toInstant())));
        }
        table.print(out);
        long applied = Arrays.stream(all).filter(m -> m.getState().isApplied()).count();
        long pending = Arrays.stream(all).filter(m -> !m.getState().isApplied() && !m.getState().isFailed() && m.getState().isResolved()).count();
        long failed = Arrays.stream(all).filter(m -> m.getState().isFailed()).count();
        out.println(applied + " applied, " + pending + " pending" + (failed > 0 ? ", " + failed + " failed" : "") + " on " + db + ".");
        return 0;
    }

    // Mirrors Database.migrate()'s set-up (locations, history table, placeholders, schema), which
    // offers no read-only look; DbMigrateTest's status-after-migrate test fails if the two drift apart.
    private static FluentConfiguration configure(Database db) {
        DbConfig config = db.config();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        FluentConfiguration fc = Flyway.configure(loader != null ? loader : Database.class.getClassLoader())
                .dataSource(db.dataSource())
                .locations("classpath:db/migration")
                .table(config.tablePrefix() + "flyway_schema_history")
                .placeholders(Map.of("tablePrefix", config.tablePrefix()));
        if (config.schema() != null) fc.schemas(config.schema()).defaultSchema(config.schema());
        return fc;
    }

    private static String version(MigrationInfo current) {
        return current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
    }

    private static String describe(String version) {
        return version == null ? "no version yet" : "version " + version;
    }

    /**
     * One migrate run, told by Flyway of each migration applied: advances the progress and keeps
     * the version reached.
     */
    private static final class Run implements Callback {
        Progress progress;
        String reached;

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
            if (m != null && m.getVersion() != null && !MigrationVersion.EMPTY.equals(m.getVersion())) reached = m.getVersion().getVersion();
            progress.advance(1);
        }

        @Override
        public String getCallbackName() {
            return "duet-cli-progress";
        }
    }
}
