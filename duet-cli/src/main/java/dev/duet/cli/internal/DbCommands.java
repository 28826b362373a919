package dev.duet.cli.internal;

import dev.duet.cli.Application;
import dev.duet.cli.Command;
import dev.duet.cli.Progress;
import dev.duet.db.Database;

import java.util.ArrayList;
import java.util.List;

/** The commands of {@code duet db}, declared with the same builder as an app's own. */
public final class DbCommands {
    /** Rows {@code duet db shell} prints of one result unless {@code --max-rows} says otherwise. */
    public static final int DEFAULT_MAX_ROWS = 1000;

    private DbCommands() {
    }

    /** {@code migrate}, {@code status}, {@code create-tables} and {@code shell}, for {@code app}. */
    public static List<Command> all(Application app) {
        return List.of(
                Command.named("migrate")
                        .description("Applies the pending Flyway migrations (classpath:db/migration) to the app's database.")
                        .blocking(Migrations::migrate),
                Command.named("status")
                        .description("Lists the migrations: applied, pending, failed.")
                        .blocking(Migrations::status),
                Command.named("create-tables")
                        .description("Creates the tables of the app's models (Application.models()) that do not exist yet.")
                        .blocking(ctx -> createTables(ctx, app.models())),
                Command.named("shell")
                        .description("An SQL prompt on the app's database; reads statements from the input until .quit.")
                        .option("--max-rows", Integer.class, DEFAULT_MAX_ROWS, "rows of a result printed at most")
                        .blocking(ctx -> new SqlShell(ctx, ctx.get("--max-rows", Integer.class)).run()));
    }

    private static int createTables(dev.duet.cli.CommandContext ctx, List<Class<?>> models) {
        if (models.isEmpty()) {
            ctx.err().println("No models to create tables for: the app's Application.models() lists none.");
            return 1;
        }
        Database db = ctx.settings().database();
        List<String> names = new ArrayList<>();
        Progress progress = ctx.progress("Creating tables", models.size());
        for (Class<?> model : models) {
            db.createTables(model);
            names.add(db.table(model).tableName());
            progress.advance(1);
        }
        progress.done();
        ctx.out().println("Tables ready on " + db + ": " + String.join(", ", names) + ".");
        return 0;
    }
}
