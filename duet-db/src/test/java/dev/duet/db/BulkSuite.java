package dev.duet.db;

import dev.duet.db.model.Item;
import dev.duet.db.model.Note;
import dev.duet.db.model.Status;
import dev.duet.db.model.User;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.duet.db.Q.contains;
import static dev.duet.db.Q.startsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Many rows at once: insertAll, createAll and updateAll, in JDBC batches, all or nothing. */
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
        assertThat(counter.sql.getFirst()).startsWith("UPDATE ");
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

    /** MariaDB's bulk protocol reports SUCCESS_NO_INFO for each row of a batch. */
    private boolean driverCountsBatchRows() {
        return !dialect().equals("mysql");
    }
}
