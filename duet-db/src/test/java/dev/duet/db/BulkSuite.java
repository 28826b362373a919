package dev.duet.db;

import dev.duet.db.internal.Engine;
import dev.duet.db.model.Item;
import dev.duet.db.model.Product;
import dev.duet.db.model.Note;
import dev.duet.db.model.Status;
import dev.duet.db.model.User;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.UUID;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static dev.duet.db.Q.contains;
import static dev.duet.db.Q.startsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Many rows at once: insertAll, createAll and updateAll, in JDBC batches (updateAll on PostgreSQL: one statement), all or nothing. */
abstract class BulkSuite extends OrmSuite {
    protected BulkSuite(TestDatabases.Kind kind) {
        super(kind);
    }

    @Test
    void insertAllBatchesInOneTransaction() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 2500; i++) items.add(new Item(null, "item" + i, i));
        counter.reset();
        assertThat(db.table(Item.class).insertAll(items)).isEqualTo(2500);
        assertThat(counter.count()).as("statements for 2500 rows in batches of 1000").isLessThanOrEqualTo(3);
        assertThat(db.table(Item.class).count()).isEqualTo(2500);
        assertThat(db.table(Item.class).query().sum("n")).isEqualTo(2500L * 2499 / 2);

        List<User> bad = List.of(User.of("a", "dup@example.com"), User.of("b", "dup@example.com"));
        assertThatThrownBy(() -> users.insertAll(bad)).isInstanceOf(UniqueViolation.class);
        assertThat(users.count()).as("all or nothing").isZero();
    }

    @Test
    void createAllReturnsEveryRowWithItsGeneratedId() {
        Table<Item> items = db.table(Item.class);
        List<Item> batch = new ArrayList<>();
        for (int i = 0; i < 2500; i++) batch.add(new Item(null, "item" + i, i));
        counter.reset();
        List<Item> created = items.createAll(batch);
        if (!dialect().equals("sqlite")) {
            assertThat(counter.count()).as("2500 rows in batches of 1000, keys read back").isLessThanOrEqualTo(3);
        }
        assertThat(created).hasSize(2500);
        assertThat(created).extracting(Item::id).doesNotContainNull().doesNotHaveDuplicates();
        for (int i = 0; i < created.size(); i++) {
            assertThat(created.get(i).name()).isEqualTo("item" + i);
            if (i > 0) assertThat(created.get(i).id()).as("ids in insertion order").isGreaterThan(created.get(i - 1).id());
        }
        assertThat(items.findAll(List.of(created.get(0).id(), created.get(1234).id(), created.get(2499).id())).values())
                .containsExactlyInAnyOrder(created.get(0), created.get(1234), created.get(2499));

        List<Note> ns = notes.createAll(List.of(new Note("a"), new Note("b")));
        assertThat(ns).allSatisfy(n -> {
            assertThat(n.getId()).isNotNull();
            assertThat(n.getStatus()).as("defaults filled in, like create()").isEqualTo(Status.DRAFT);
        });
        assertThat(notes.get(ns.get(1).getId()).getTitle()).isEqualTo("b");
        assertThat(users.createAll(List.of(User.of("x", "x@example.com"), new User(777L, "y", "y@example.com"))))
                .extracting(User::id).doesNotContainNull().contains(777L);
        assertThat(items.createAll(List.of())).isEmpty();

        List<User> bad = List.of(User.of("a", "dup@example.com"), User.of("b", "dup@example.com"));
        assertThatThrownBy(() -> users.createAll(bad)).isInstanceOf(UniqueViolation.class);
        assertThat(users.count()).as("all or nothing").isEqualTo(2);
        assertThatThrownBy(() -> users.createAll(List.of(User.of("z".repeat(51), "z@example.com"))))
                .isInstanceOfSatisfying(ValueTooLong.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void updateAllSendsOneBatchAndReturnsTheRowsAsStored() {
        List<User> made = users.createAll(List.of(User.of("Ann", "ann@example.com"), User.of("Bob", "bob@example.com"),
                User.of("Cy", "cy@example.com")));
        List<User> changed = made.stream().map(u -> new User(u.id(), u.name() + " B.", "b." + u.email())).toList();
        counter.reset();
        assertThat(users.updateAll(changed)).isEqualTo(changed);
        assertThat(counter.sql).as("one UPDATE batch%s", driverCountsBatchRows() ? "" : ", and a read of the ids it did not count")
                .hasSize(driverCountsBatchRows() ? 1 : 2);
        assertThat(counter.sql.getFirst()).as(oneStatement() ? "one statement, all or nothing by itself" : "a batch of UPDATEs")
                .startsWith(oneStatement() ? "WITH " : "UPDATE ");
        assertThat(counter.borrows()).isEqualTo(1);
        assertThat(users.orderBy("id").all()).isEqualTo(changed);

        Table<Item> items = db.table(Item.class);
        List<Item> batch = new ArrayList<>();
        for (int i = 0; i < 2500; i++) batch.add(new Item(null, "item" + i, i));
        List<Item> more = items.createAll(batch).stream().map(it -> new Item(it.id(), it.name(), it.n() + 1)).toList();
        counter.reset();
        items.updateAll(more);
        assertThat(counter.sql.stream().filter(q -> q.startsWith("UPDATE")).count()).as("2500 rows in batches of 1000").isEqualTo(3);
        assertThat(items.query().sum("n")).isEqualTo(2500L * 2499 / 2 + 2500);

        Note note = notes.create(new Note("draft"));
        note.setTitle("final");
        assertThat(notes.updateAll(List.of(note))).singleElement().isSameAs(note);
        assertThat(notes.get(note.getId()).getTitle()).isEqualTo("final");
    }

    @Test
    void updateAllRefusesRowsWithoutAnIdAndMissingRowsAndThenUpdatesNothing() {
        User ann = users.create(User.of("Ann", "ann@example.com"));
        counter.reset();
        assertThatThrownBy(() -> users.updateAll(List.of(new User(ann.id(), "Ann B.", ann.email()), User.of("New", "new@example.com"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("updateAll() updates existing rows: the User at index 1 has no id (create it instead)");
        assertThat(counter.count()).as("refused before any SQL").isZero();

        assertThatThrownBy(() -> users.updateAll(List.of(new User(ann.id(), "Ann B.", ann.email()),
                new User(987654L, "Ghost", "ghost@example.com"))))
                .isInstanceOf(NotFound.class)
                .hasMessage("User 987654 not found")
                .satisfies(e -> assertThat(((NotFound) e).id()).isEqualTo(987654L));
        assertThat(users.get(ann.id()).name()).as("the row that exists was not updated either").isEqualTo("Ann");

        counter.reset();
        assertThat(users.updateAll(List.of())).isEmpty();
        assertThat(counter.count()).isZero();
        assertThat(counter.borrows()).as("not even a connection").isZero();
    }

    @Test
    void aConstraintViolationInAnUpdateBatchNamesTheFieldAndUpdatesNothing() {
        User ann = users.create(User.of("Ann", "ann@example.com"));
        User bob = users.create(User.of("Bob", "bob@example.com"));
        assertThatThrownBy(() -> users.updateAll(List.of(new User(ann.id(), "Ann B.", ann.email()),
                new User(bob.id(), "Bob", ann.email()))))
                .isInstanceOfSatisfying(UniqueViolation.class, e -> assertThat(e.field()).isEqualTo("email"));
        assertThat(users.orderBy("id").all()).containsExactly(ann, bob);
        assertThatThrownBy(() -> users.updateAll(List.of(new User(ann.id(), "Ann B.", ann.email()),
                new User(bob.id(), "z".repeat(51), bob.email()))))
                .isInstanceOfSatisfying(ValueTooLong.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThat(users.orderBy("id").all()).containsExactly(ann, bob);

        // Inside a transaction, a savepoint: the failed batch is undone, the rest goes on.
        db.transaction(() -> {
            users.create(User.of("Cy", "cy@example.com"));
            assertThatThrownBy(() -> users.updateAll(List.of(new User(bob.id(), "Bob", ann.email()))))
                    .isInstanceOf(UniqueViolation.class);
            users.updateAll(List.of(new User(bob.id(), "Bob B.", bob.email())));
        });
        assertThat(users.orderBy("id").<String>pluck("name")).containsExactly("Ann", "Bob B.", "Cy");
    }

    @Test
    void updateAllOfOneIdTwiceLeavesTheLastValueAsUpdatesInTurnWould() {
        User ann = users.create(User.of("Ann", "ann@example.com"));
        User bob = users.create(User.of("Bob", "bob@example.com"));
        List<User> changes = List.of(new User(ann.id(), "Ann 1", "a1@example.com"), new User(bob.id(), "Bob 1", bob.email()),
                new User(ann.id(), "Ann 2", "ann@example.com"));
        counter.reset();
        assertThat(users.updateAll(changes)).as("every entity as given, in order").isEqualTo(changes);
        if (oneStatement()) assertThat(counter.sql).singleElement().asString().startsWith("WITH ").contains("count(*) = 2)");
        assertThat(users.orderBy("id").all()).containsExactly(changes.get(2), changes.get(1));

        assertThatThrownBy(() -> users.updateAll(List.of(new User(bob.id(), "Bob 2", bob.email()), new User(987654L, "Ghost", "g@example.com"),
                new User(bob.id(), "Bob 3", bob.email()))))
                .isInstanceOfSatisfying(NotFound.class, e -> assertThat(e.id()).isEqualTo(987654L));
        assertThat(users.orderBy("id").all()).as("nothing changed").containsExactly(changes.get(2), changes.get(1));
    }

    @Test
    void updateAllWritesEveryTypeAndNullsAndKeepsTheColumnsLimits() {
        Instant at = Instant.parse("2026-03-04T05:06:07.123456Z");
        UUID ref = UUID.randomUUID();
        Product plain = products.create(Product.simple("Plain", 1, "1"));
        Product full = products.create(new Product(0, "Full", new BigDecimal("2.50"), 2, 1.5, true, "text", at, LocalDate.of(2024, 2, 29),
                ref, Status.RETIRED, new byte[] {1, 2, 3}, 9_000_000_000L, true, (short) 4));
        Product plainFilled = new Product(plain.id(), "Plain now full", new BigDecimal("19.999"), 3, 4.25, false, "more text", at,
                LocalDate.of(2025, 1, 2), ref, Status.LIVE, new byte[] {(byte) 0xFF, 0}, 7L, false, (short) -3);
        Product fullEmptied = new Product(full.id(), "Full now plain", new BigDecimal("1.00"), 0, 0, true, null, null, null, null,
                Status.DRAFT, null, null, null, (short) 0);
        products.updateAll(List.of(plainFilled, fullEmptied));
        Product a = products.get(plain.id());
        Product b = products.get(full.id());
        assertThat(a).usingRecursiveComparison().ignoringFields("price").isEqualTo(plainFilled);
        assertThat(a.price()).as("rounded to the column's scale, as an UPDATE would").isEqualTo(new BigDecimal("20.00"));
        assertThat(b).usingRecursiveComparison().isEqualTo(fullEmptied);

        assertThatThrownBy(() -> products.updateAll(List.of(plainFilled, new Product(full.id(), "x".repeat(81), new BigDecimal("1.00"),
                0, 0, true, null, null, null, null, Status.DRAFT, null, null, null, (short) 0))))
                .as("too long for VARCHAR(80): refused, not cut").isInstanceOfSatisfying(ValueTooLong.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> products.updateAll(List.of(new Product(plain.id(), "Again", new BigDecimal("1.00"), 5, 0, true, null, null,
                null, null, Status.DRAFT, null, null, null, (short) 0), new Product(full.id(), "Below zero", new BigDecimal("1.00"), -1, 0,
                true, null, null, null, null, Status.DRAFT, null, null, null, (short) 0))))
                .isInstanceOf(CheckViolation.class);
        assertThat(products.get(plain.id())).as("nothing changed").usingRecursiveComparison().isEqualTo(a);
        assertThat(products.get(full.id())).usingRecursiveComparison().isEqualTo(b);

        Note note = notes.create(new Note("draft").setTag("t"));
        note.setTitle("final").setStatus(Status.LIVE).setTag(null);
        notes.updateAll(List.of(note));
        Note back = notes.get(note.getId());
        assertThat(back.getTitle()).isEqualTo("final");
        assertThat(back.getStatus()).isEqualTo(Status.LIVE);
        assertThat(back.getTag()).isNull();
        assertThat(back.getCreated()).isEqualTo(note.getCreated());
    }

    @Test
    void updateAllOfMoreRowsThanOneStatementTakesBatchesInATransactionAllOrNothing() {
        List<User> made = users.createAll(List.of(User.of("Ann", "ann@example.com"), User.of("Bob", "bob@example.com"),
                User.of("Cy", "cy@example.com")));
        for (int max : new int[] {2, 0}) {
            try (Database small = Database.connect(DbConfig.builder().url(iso.url()).decorator(counter::wrap).maxRowsInOneUpdate(max).build())) {
                Table<User> few = small.table(User.class);
                List<User> changed = made.stream().map(u -> new User(u.id(), u.name() + " " + max, u.email())).toList();
                counter.reset();
                few.updateAll(changed);
                assertThat(counter.sql.getFirst()).as("%d rows, at most %d in one statement: batches", changed.size(), max).startsWith("UPDATE ");
                assertThat(few.orderBy("id").all()).isEqualTo(changed);

                counter.reset();
                few.updateAll(changed.subList(0, 2));
                assertThat(counter.sql.getFirst()).as("2 rows, at most %d in one statement", max)
                        .startsWith(oneStatement() && max >= 2 ? "WITH " : "UPDATE ");

                List<User> withGhost = new ArrayList<>(made);
                withGhost.add(1, new User(987654L, "Ghost", "g@example.com"));
                assertThatThrownBy(() -> few.updateAll(withGhost)).isInstanceOf(NotFound.class);
                assertThat(few.orderBy("id").all()).as("nothing changed").isEqualTo(changed);
            }
        }
    }

    @Test
    void updateAllInsideATransactionIsPartOfIt() {
        User ann = users.create(User.of("Ann", "ann@example.com"));
        User bob = users.create(User.of("Bob", "bob@example.com"));
        db.transaction(() -> {
            users.updateAll(List.of(new User(ann.id(), "Ann B.", ann.email())));
            assertThatThrownBy(() -> users.updateAll(List.of(new User(bob.id(), "Bob B.", bob.email()), new User(987654L, "Ghost", "g@example.com"))))
                    .isInstanceOf(NotFound.class);
            assertThatThrownBy(() -> users.updateAll(List.of(new User(bob.id(), "Bob B.", ann.email())))).isInstanceOf(UniqueViolation.class);
            assertThat(users.get(ann.id()).name()).as("seen inside, and the failures did not end the transaction").isEqualTo("Ann B.");
        });
        assertThat(users.orderBy("id").<String>pluck("name")).containsExactly("Ann B.", "Bob");

        assertThatThrownBy(() -> db.transaction(() -> {
            users.updateAll(List.of(new User(ann.id(), "Ann C.", ann.email()), new User(bob.id(), "Bob C.", bob.email())));
            throw new IllegalStateException("changed my mind");
        })).hasMessage("changed my mind");
        assertThat(users.orderBy("id").<String>pluck("name")).as("rolled back with the transaction").containsExactly("Ann B.", "Bob");
    }

    @Test
    void updateAllAsyncKeepsTheSameContract() throws Exception {
        User ann = users.create(User.of("Ann", "ann@example.com"));
        User bob = users.create(User.of("Bob", "bob@example.com"));
        List<User> changes = List.of(new User(bob.id(), "Bob 1", bob.email()), new User(ann.id(), "Ann 1", ann.email()),
                new User(bob.id(), "Bob 2", bob.email()));
        assertThat(users.updateAllAsync(changes).toCompletableFuture().get()).isEqualTo(changes);
        assertThat(users.orderBy("id").<String>pluck("name")).containsExactly("Ann 1", "Bob 2");
        assertThat(users.updateAllAsync(List.of(new User(ann.id(), "Ann 2", ann.email()), new User(987654L, "Ghost", "g@example.com")))
                .toCompletableFuture())
                .failsWithin(java.time.Duration.ofSeconds(10)).withThrowableThat().havingCause().isInstanceOf(NotFound.class);
        assertThat(users.orderBy("id").<String>pluck("name")).as("nothing changed").containsExactly("Ann 1", "Bob 2");

        // Each failure as updateAll's, with the same message where it names the row.
        List<User> oneMissing = List.of(new User(ann.id(), "Ann C.", ann.email()), new User(987654L, "Nobody", "no@example.com"));
        Throwable missing = failure(users.updateAllAsync(oneMissing));
        assertThat(missing).isInstanceOf(NotFound.class).hasMessage("User 987654 not found");
        assertThatThrownBy(() -> users.updateAll(oneMissing)).isInstanceOf(NotFound.class).hasMessage(missing.getMessage());
        List<User> taken = List.of(new User(ann.id(), "Ann", bob.email()));
        assertThat(failure(users.updateAllAsync(taken))).isInstanceOf(UniqueViolation.class);
        assertThatThrownBy(() -> users.updateAll(taken)).isInstanceOf(UniqueViolation.class);
        assertThat(failure(users.updateAllAsync(List.of(User.of("New", "new@example.com")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no id");
        assertThat(users.updateAllAsync(List.of()).toCompletableFuture().get()).isEmpty();
        assertThat(users.orderBy("id").<String>pluck("name")).as("nothing written by the failures").containsExactly("Ann 1", "Bob 2");
        assertThat(users.get(ann.id()).email()).isEqualTo("ann@example.com");
    }

    private static Throwable failure(CompletionStage<?> stage) {
        return stage.toCompletableFuture().handle((v, e) -> Engine.unwrapped(e)).join();
    }

    /**
     * The one statement gets its rows in id order, whatever the list's order, and locks them in
     * that order, so that callers updating the same rows never wait for each other in a cycle (a
     * deadlock). Seen here: with the
     * lowest row locked elsewhere, a call whose list starts with the highest waits for the lowest
     * before it locks any other, so a second call can still update the highest. (Batches lock in
     * list order, which is why the docs ask for id order there.)
     */
    @Test
    void oneStatementLocksItsRowsInIdOrderWhateverTheListsOrder() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(oneStatement(), "batches lock in list order");
        Table<Item> items = db.table(Item.class);
        List<Item> made = new ArrayList<>();
        for (int i = 0; i < 5000; i++) made.add(new Item(null, "item" + i, i));
        List<Item> all = items.createAll(made);
        db.execute("ANALYZE " + items.tableName());
        Item low = all.get(100), mid = all.get(2500), high = all.get(4900);
        // The pool is closed last (it waits for its calls): the holder's lock is released first.
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2); java.sql.Connection holder = db.dataSource().getConnection();
             java.sql.Connection watcher = db.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (var st = holder.prepareStatement("UPDATE " + items.tableName() + " SET n = n WHERE id = ?")) {
                st.setLong(1, low.id());
                st.executeUpdate();
            }
            var first = pool.submit(() -> items.updateAll(List.of(new Item(high.id(), "h", 1), new Item(mid.id(), "m", 1), new Item(low.id(), "l", 1))));
            waitForALockWait(watcher);
            var second = pool.submit(() -> items.updateAll(List.of(new Item(high.id(), "h", 2))));
            assertThat(second).as("not blocked by the first call").succeedsWithin(java.time.Duration.ofSeconds(20));
            holder.rollback();
            assertThat(first).succeedsWithin(java.time.Duration.ofSeconds(20));
        }
        assertThat(items.get(high.id()).n()).as("the first call, blocked, ran last").isEqualTo(1);
    }

    /** Waits until a backend of this database waits for a row lock (at most 20 s); {@code c} in autocommit, as a transaction sees one snapshot of the activity. */
    private static void waitForALockWait(java.sql.Connection c) throws Exception {
        for (int i = 0; i < 400; i++) {
            try (var st = c.createStatement(); var rs = st.executeQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
                rs.next();
                if (rs.getInt(1) > 0) return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no call waited for the locked row");
    }

    /** Whether updateAll sends its rows as one statement, all or nothing by itself (PostgreSQL), rather than batches in a transaction. */
    private boolean oneStatement() {
        return dialect().equals("postgresql");
    }

    /** MariaDB's bulk protocol reports SUCCESS_NO_INFO for each row of a batch. */
    private boolean driverCountsBatchRows() {
        return !dialect().equals("mysql");
    }
}
