package dev.duet.db;

import dev.duet.db.model.Item;
import dev.duet.db.model.User;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.duet.db.Q.contains;
import static dev.duet.db.Q.endsWith;
import static dev.duet.db.Q.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The async twins: the same results and errors as the blocking calls, bounded by the pool, ten thousand at once. */
abstract class AsyncSuite extends OrmSuite {
    protected AsyncSuite(TestDatabases.Kind kind) {
        super(kind);
    }

    @Test
    void asyncTwinsGiveTheSameResults() throws Exception {
        User ann = users.createAsync(User.of("Ann", "ann@example.com")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(users.findAsync(ann.id()).toCompletableFuture().get()).contains(ann);
        assertThat(users.getAsync(ann.id()).toCompletableFuture().get()).isEqualTo(ann);
        assertThat(users.allAsync().toCompletableFuture().get()).containsExactly(ann);
        assertThat(users.findByAsync("email", "ann@example.com").toCompletableFuture().get()).contains(ann);
        assertThat(users.where(eq("name", "Ann")).allAsync().toCompletableFuture().get()).containsExactly(ann);
        assertThat(users.query().<String>pluckAsync("email").toCompletableFuture().get()).containsExactly("ann@example.com");
        User saved = users.saveAsync(new User(ann.id(), "Ann B.", ann.email())).toCompletableFuture().get();
        assertThat(saved.name()).isEqualTo("Ann B.");
        assertThat(users.countAsync().toCompletableFuture().get()).isEqualTo(1);
        assertThat(users.deleteAsync(saved).toCompletableFuture().get()).isTrue();
        CompletionStage<User> missing = users.getAsync(12345L);
        assertThatThrownBy(() -> missing.toCompletableFuture().join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(NotFound.class);
        users.create(User.of("Bob", "bob@example.com"));
        CompletionStage<User> dup = users.createAsync(User.of("Bob2", "bob@example.com"));
        assertThatThrownBy(() -> dup.toCompletableFuture().join()).hasCauseInstanceOf(UniqueViolation.class);
        assertThat(db.async(() -> Thread.currentThread().isVirtual()).toCompletableFuture().get()).isTrue();
        User bob = users.findBy("email", "bob@example.com").orElseThrow();
        assertThat(users.updateAllAsync(List.of(new User(bob.id(), "Bob B.", bob.email()))).toCompletableFuture().get())
                .containsExactly(new User(bob.id(), "Bob B.", bob.email()));
    }

    @Test
    void getOrCreateUnderARaceReturnsTheWinner() {
        List<CompletableFuture<Saved<User>>> all = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            all.add(users.getOrCreateAsync(Map.of("email", "race@example.com"), Map.of("name", "Racer")).toCompletableFuture());
        }
        List<Saved<User>> results = all.stream().map(CompletableFuture::join).toList();
        assertThat(results.stream().filter(Saved::created)).hasSize(1);
        assertThat(results).extracting(s -> s.entity().id()).containsOnly(results.getFirst().entity().id());
        assertThat(users.count()).isEqualTo(1);
    }

    @Test
    void asyncCallsInFlightAreBoundedByThePoolSize() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<CompletableFuture<Long>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(db.async(() -> {
                int now = running.incrementAndGet();
                peak.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(2);
                    return users.count();
                } finally {
                    running.decrementAndGet();
                }
            }).toCompletableFuture());
        }
        all.forEach(CompletableFuture::join);
        assertThat(peak.get()).isLessThanOrEqualTo(db.poolSize()).isGreaterThan(0);
    }

    @Test
    void tenThousandConcurrentAsyncCreatesAllLand() {
        Table<Item> items = db.table(Item.class);
        int n = 10_000;
        long start = System.nanoTime();
        List<CompletableFuture<Item>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) all.add(items.createAsync(new Item(null, "i" + i, i)).toCompletableFuture());
        AtomicInteger failed = new AtomicInteger();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture.allOf(all.stream().map(f -> f.exceptionally(t -> {
            failed.incrementAndGet();
            if (errors.size() < 3) errors.add(t);
            return null;
        })).toArray(CompletableFuture[]::new)).join();
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("[%s] %d concurrent createAsync: %d ms, %d failed (pool %d)%n", db.dialect(), n, ms, failed.get(), db.poolSize());
        assertThat(errors).isEmpty();
        assertThat(items.count()).isEqualTo(n);
        assertThat(all.stream().map(f -> f.join().id()).distinct().count()).isEqualTo(n);
        assertThat(items.query().sum("n")).isEqualTo((long) n * (n - 1) / 2);
    }
}
