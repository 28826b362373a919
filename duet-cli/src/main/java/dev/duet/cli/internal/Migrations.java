package dev.duet.cli.internal;

import dev.duet.cli.CommandContext;
import dev.duet.cli.Progress;
import dev.duet.db.Database;
import dev.duet.db.Migrations.Migration;
import dev.duet.db.Migrations.Status;

import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * {@code duet db migrate} and {@code duet db status}: the app database's {@link Database#migrations()},
 * so they see exactly the migrations and history {@link Database#migrate()} does.
 */
final class Migrations {
    private static final DateTimeFormatter INSTALLED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Migrations() {
    }

    /** Applies the pending migrations with a progress line; prints what was done. */
    static int migrate(CommandContext ctx) {
        Database db = ctx.settings().database();
        Progress[] progress = new Progress[1];
        int applied = db.migrations().migrate(new dev.duet.db.Migrations.Listener() {
            @Override
            public void starting(List<Migration> pending) {
                if (!pending.isEmpty()) progress[0] = ctx.progress("Migrating", pending.size());
            }

            @Override
            public void applied(Migration migration) {
                progress[0].advance(1);
            }
        });
        // On a failure the command's end stops the line instead, not calling it done.
        if (progress[0] != null) progress[0].done();
        String reached = db.migrations().version().map(v -> "version " + v).orElse("no version yet");
        PrintWriter out = ctx.out();
        if (applied == 0) out.println("Nothing to migrate: " + db + " is at " + reached + ".");
        else out.println("Applied " + applied + (applied == 1 ? " migration" : " migrations") + ": " + db + " is now at " + reached + ".");
        return 0;
    }

    /** Prints every migration Flyway knows of, applied and pending, and a count of each. */
    static int status(CommandContext ctx) {
        Database db = ctx.settings().database();
        List<Migration> all = db.migrations().status();
        PrintWriter out = ctx.out();
        if (all.isEmpty()) {
            out.println("No migrations: none in classpath:db/migration, none applied to " + db + ".");
            return 0;
        }
        TextTable table = new TextTable(List.of("Version", "Description", "State", "Installed on"));
        for (Migration m : all) {
            table.add(Arrays.asList(m.version(), m.description(), m.state(),
                    m.installedOn() == null ? "" : INSTALLED.format(m.installedOn())));
        }
        table.print(out);
        long applied = all.stream().filter(m -> m.status() == Status.APPLIED).count();
        long pending = all.stream().filter(m -> m.status() == Status.PENDING).count();
        long failed = all.stream().filter(m -> m.status() == Status.FAILED).count();
        out.println(applied + " applied, " + pending + " pending" + (failed > 0 ? ", " + failed + " failed" : "") + " on " + db + ".");
        return 0;
    }
}
