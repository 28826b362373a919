package dev.duet.cli;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.db.Id;
import dev.duet.db.Table;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples of docs/cli.md's sections on {@code duet db} and the app's own commands, run. */
class CommandsGuideTest {
    @Test
    void theModelsTablesAreCreatedAndSeeded() throws Exception {
        // snippet: cli-testing
        try (Settings settings = Settings.of(Config.defaults(), Map.of("databaseUrl", "sqlite::memory:"))) {
            CliRunner cli = CliRunner.of(new Shop(), settings);
            assertThat(cli.run("db", "create-tables").exitCode()).isZero();

            CliRunner.Result seeded = cli.run("seed", "--count", "3");
            assertThat(seeded.exitCode()).isZero();
            assertThat(seeded.out()).isEqualTo("added 3 products\n");
            assertThat(seeded.err()).isEqualTo("Seeding: 3/3 (100%), done\n");     // piped: plain lines
            assertThat(settings.database().table(Shop.Product.class).count()).isEqualTo(3);

            CliRunner.Result price = cli.runAsync("price", "Product 2").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(price).isEqualTo(new CliRunner.Result(0, "2.00\n", ""));
            assertThat(cli.run("price", "Product 9").exitCode()).isEqualTo(3);

            CliRunner.Result usage = cli.run("seed", "--count", "many");
            assertThat(usage.exitCode()).isEqualTo(2);
            assertThat(usage.err()).startsWith("Invalid value for option '--count': 'many' is not an int");
        }
        // end snippet
    }

    @Test
    void aDryRunWritesNothing() {
        try (Settings settings = Settings.of(Config.defaults(), Map.of("databaseUrl", "sqlite::memory:"))) {
            CliRunner cli = CliRunner.of(new Shop(), settings);
            cli.run("db", "create-tables");
            assertThat(cli.run("seed", "--dry-run").out()).isEqualTo("would add 100 products\n");
            assertThat(settings.database().table(Shop.Product.class).count()).isZero();
        }
    }
}

/** The guide's app. */
final class Shop implements Application {
    // snippet: cli-models
    record Product(@Id Long id, String name, long cents) {
    }

    @Override
    public List<Class<?>> models() {
        return List.of(Product.class);                // the tables `duet db create-tables` makes
    }
    // end snippet

    @Override
    public App create(Settings settings) {
        App app = App.create(settings.config());
        Table<Product> products = settings.database().table(Product.class);
        app.get("/products", req -> products.all());
        return app;
    }

    // snippet: cli-commands
    @Override
    public void commands(Commands commands) {
        commands.add(Command.named("seed")
                .description("Adds sample products")
                .option("--count", Integer.class, 100, "how many")
                .flag("--dry-run", "say how many, write nothing")
                .blocking(ctx -> {
                    int count = ctx.get("--count", Integer.class);
                    if (ctx.flag("--dry-run")) {
                        ctx.out().println("would add " + count + " products");
                        return 0;
                    }
                    Table<Product> products = ctx.settings().database().table(Product.class);
                    Progress progress = ctx.progress("Seeding", count);
                    for (int i = 1; i <= count; i++) {
                        products.create(new Product(null, "Product " + i, 100L * i));
                        progress.advance();
                    }
                    progress.done();
                    ctx.out().println("added " + count + " products");
                    return 0;
                }));

        commands.add(Command.named("price")
                .description("Prints the price of a product")
                .param("name", String.class, "the product's name")
                .async(ctx -> ctx.settings().database().table(Product.class)
                        .findByAsync("name", ctx.get("name", String.class))
                        .thenApply((Optional<Product> found) -> {
                            if (found.isEmpty()) {
                                ctx.err().println("no such product");
                                return 3;                       // an exit code of the app's own
                            }
                            long cents = found.get().cents();
                            ctx.out().printf("%d.%02d%n", cents / 100, cents % 100);
                            return 0;
                        })));
    }
    // end snippet
}
