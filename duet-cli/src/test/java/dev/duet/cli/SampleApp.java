package dev.duet.cli;

import dev.duet.App;
import dev.duet.db.Id;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** An app with commands of every kind, for the command line's tests; each instance keeps its own probes. */
final class SampleApp implements Application {
    /** A model for {@code db create-tables}. */
    record Note(@Id Long id, String text) {
    }

    enum Tone { PLAIN, LOUD }

    final AtomicInteger built = new AtomicInteger();
    final AtomicInteger stopped = new AtomicInteger();
    final CountDownLatch started = new CountDownLatch(1);
    final AtomicReference<CompletableFuture<Integer>> pending = new AtomicReference<>();

    @Override
    public App create(Settings settings) {
        built.incrementAndGet();
        return App.create(settings.config()).onStop(stopped::incrementAndGet);
    }

    @Override
    public List<Class<?>> models() {
        return List.of(Note.class);
    }

    @Override
    public void commands(Commands commands) {
        commands.add(Command.named("greet")
                .description("Greets someone")
                .param("name", String.class, "who to greet")
                .option("--times", int.class, 1, "how many times")
                .option("--tone", Tone.class, Tone.PLAIN, "how")
                .option("--signature", String.class, null, "a line after the greetings")
                .flag("--dry-run", "only say what would be printed")
                .blocking(ctx -> {
                    String name = ctx.get("name", String.class);
                    int times = ctx.get("--times", Integer.class);
                    String line = ctx.get("--tone", Tone.class) == Tone.LOUD ? "HELLO, " + name.toUpperCase() + "!" : "Hello, " + name;
                    if (ctx.flag("--dry-run")) line = "(would print) " + line;
                    for (int i = 0; i < times; i++) ctx.out().println(line);
                    ctx.find("--signature", String.class).ifPresent(ctx.out()::println);
                    return 0;
                }));
        commands.add(Command.named("positive").param("n", int.class, "a number").blocking(ctx -> {
            int n = ctx.get("n", Integer.class);
            if (n < 1) throw new UsageException("n must be 1 or more, not " + n);
            return 0;
        }));
        commands.add(Command.named("exit").param("code", Integer.class, "the exit code").blocking(ctx -> ctx.get("code", Integer.class)));
        commands.add(Command.named("fail").blocking(ctx -> {
            throw new IllegalStateException("the seed file is missing");
        }));
        commands.add(Command.named("path").param("file", Path.class, "a file").blocking(ctx -> {
            ctx.out().println(ctx.get("file", Path.class).getFileName());
            return 0;
        }));
        commands.add(Command.named("misread").option("--count", Integer.class, 1, "a number").blocking(ctx -> {
            ctx.out().println(ctx.get(ctx.in().readLine(), String.class));
            return 0;
        }));
        commands.add(Command.named("app:name").blocking(ctx -> {
            ctx.out().println(ctx.app().config().port() + " " + (ctx.app() == ctx.app()));
            return 0;
        }));
        commands.add(Command.named("offload").async(ctx -> ctx.tasks().offload(() -> {
            ctx.out().println("offloaded on a virtual thread: " + Thread.currentThread().isVirtual());
            return 3;
        })));
        commands.add(Command.named("async-fail").async(ctx -> CompletableFuture.failedFuture(new IllegalArgumentException("no such user: 7"))));
        commands.add(Command.named("async-null").async(ctx -> null));
        commands.add(Command.named("async-null-code").async(ctx -> CompletableFuture.completedFuture(null)));
        commands.add(Command.named("wait").async(ctx -> {
            CompletableFuture<Integer> never = new CompletableFuture<>();
            pending.set(never);
            started.countDown();
            return never;
        }));
        commands.add(Command.named("read").blocking(ctx -> {
            String line;
            int n = 0;
            while ((line = ctx.in().readLine()) != null) ctx.out().println(++n + ": " + line);
            return 0;
        }));
        commands.add(Command.named("seed").option("--count", long.class, 20L, "rows").blocking(ctx -> {
            long count = ctx.get("--count", Long.class);
            try (Progress progress = ctx.progress("Seeding", count)) {
                for (long i = 0; i < count; i++) progress.advance();
            }
            ctx.out().println("seeded " + count);
            return 0;
        }));
    }
}
