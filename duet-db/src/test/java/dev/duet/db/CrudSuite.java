package dev.duet.db;

import dev.duet.db.model.Note;
import dev.duet.db.model.Stamped;
import dev.duet.db.model.Product;
import dev.duet.db.model.Status;
import dev.duet.db.model.Token;
import dev.duet.db.model.User;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.duet.db.Q.contains;
import static dev.duet.db.Q.eq;
import static dev.duet.db.Q.isNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The everyday calls on one row: create, find, get, save, delete, get-or-create, upsert; every type and default; one statement each. */
abstract class CrudSuite extends OrmSuite {
    protected CrudSuite(TestDatabases.Kind kind) {
        super(kind);
    }

    @Test
    void createReturnsANewRecordWithItsGeneratedId() {
        User ann = users.create(User.of("Ann", "ann@example.com"));
        User bob = users.create(User.of("Bob", "bob@example.com"));
        assertThat(ann.id()).isNotNull().isPositive();
        assertThat(bob.id()).isGreaterThan(ann.id());
        assertThat(users.find(ann.id())).contains(ann);
        assertThat(users.get(bob.id())).isEqualTo(bob);
        assertThat(users.all()).containsExactlyInAnyOrder(ann, bob);
        assertThat(users.count()).isEqualTo(2);
        assertThat(users.find(ann.id().intValue())).as("an Integer id works for a Long key").contains(ann);
    }

    @Test
    void createFromFieldValues() {
        User u = users.create(Map.of("name", "Cy", "email", "cy@example.com"));
        assertThat(users.get(u.id()).name()).isEqualTo("Cy");
    }

    @Test
    void findOfAMissingIdIsEmptyAndGetThrowsNotFound() {
        assertThat(users.find(987654)).isEmpty();
        assertThatThrownBy(() -> users.get(987654L))
                .isInstanceOf(NotFound.class)
                .hasMessage("User 987654 not found")
                .satisfies(e -> assertThat(((NotFound) e).id()).isEqualTo(987654L));
    }

    @Test
    void recordsAreReadStraightIntoTheirConstructorClassesFieldByField() {
        assertThat(products.mapping.recordReader).as("a record with every supported type").isNotNull();
        assertThat(users.mapping.recordReader).isNotNull();
        assertThat(notes.mapping.recordReader).as("a class model").isNull();
    }

    @Test
    void everyTypeRoundTrips() {
        Instant now = Instant.parse("2026-03-04T05:06:07.123456789Z");
        UUID ref = UUID.randomUUID();
        byte[] bytes = {0, 1, 2, (byte) 0xFF, 127, -128};
        Product p = new Product(0, "Widget \u00e9\u4e2d\ud83d\ude00", new BigDecimal("19.999"), 7, 4.25, true,
                "long text ".repeat(1000), now, LocalDate.of(2024, 2, 29), ref, Status.RETIRED, bytes, 9_000_000_000L, false, (short) -3);
        Product saved = products.create(p);
        assertThat(saved.id()).isPositive();
        assertThat(saved.price()).isEqualTo(new BigDecimal("20.00"));
        assertThat(saved.createdAt()).isEqualTo(Instant.parse("2026-03-04T05:06:07.123456Z"));
        Product back = products.get(saved.id());
        assertThat(back.name()).isEqualTo(p.name());
        assertThat(back.price()).isEqualTo(new BigDecimal("20.00"));
        assertThat(back.stock()).isEqualTo(7);
        assertThat(back.rating()).isEqualTo(4.25);
        assertThat(back.active()).isTrue();
        assertThat(back.description()).isEqualTo(p.description());
        assertThat(back.createdAt()).isEqualTo(saved.createdAt());
        assertThat(back.released()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(back.ref()).isEqualTo(ref);
        assertThat(back.status()).isEqualTo(Status.RETIRED);
        assertThat(back.data()).containsExactly(bytes);
        assertThat(back.views()).isEqualTo(9_000_000_000L);
        assertThat(back.featured()).isFalse();
        assertThat(back.rank()).isEqualTo((short) -3);

        Product nulls = products.create(Product.simple("Plain", 1, "1"));
        Product nb = products.get(nulls.id());
        assertThat(nb.description()).isNull();
        assertThat(nb.createdAt()).isNull();
        assertThat(nb.released()).isNull();
        assertThat(nb.ref()).isNull();
        assertThat(nb.data()).isNull();
        assertThat(nb.views()).isNull();
        assertThat(nb.featured()).isNull();
        assertThat(nb.price()).isEqualTo(new BigDecimal("1.00"));
    }

    @Test
    void everyNowDefaultOfOneRowTakesTheSameInstant() {
        Stamped one = db.table(Stamped.class).create(new Stamped("one"));
        assertThat(one.created()).isNotNull().isEqualTo(one.updated());
        Stamped back = db.table(Stamped.class).get(one.id());
        assertThat(back.created()).isEqualTo(back.updated()).isEqualTo(one.created());
        for (Stamped s : db.table(Stamped.class).createAll(List.of(new Stamped("a"), new Stamped("b"), new Stamped("c")))) {
            assertThat(s.created()).as("row %s", s.name()).isNotNull().isEqualTo(s.updated());
        }
    }

    @Test
    void classModelsGetTheirIdAndDefaultsSetInPlace() {
        Note n = new Note("first");
        Instant before = Instant.now().minusSeconds(1);
        Note same = notes.create(n);
        assertThat(same).isSameAs(n);
        assertThat(n.getId()).isPositive();
        assertThat(n.getStatus()).isEqualTo(Status.DRAFT);
        assertThat(n.getPriority()).isEqualTo(3);
        assertThat(n.getCreated()).isAfter(before);
        Note back = notes.get(n.getId());
        assertThat(back.getTitle()).isEqualTo("first");
        assertThat(back.getStatus()).isEqualTo(Status.DRAFT);
        assertThat(back.getCreated()).isEqualTo(n.getCreated());
        assertThat(back.getTag()).isNull();
        assertThat(notes.fields()).containsExactly("id", "title", "status", "created", "priority", "tag");
    }

    @Test
    void rawInsertsGetTheSqlDefaults() {
        db.execute("INSERT INTO notes (title) VALUES (?)", "raw");
        Note n = notes.findBy("title", "raw").orElseThrow();
        assertThat(n.getStatus()).isEqualTo(Status.DRAFT);
        assertThat(n.getPriority()).isEqualTo(3);
        assertThat(n.getCreated()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
    }

    @Test
    void uuidIdsAreGeneratedByDuet() {
        Table<Token> tokens = db.table(Token.class);
        Token t = tokens.create(new Token(null, "ci"));
        assertThat(t.id()).isNotNull();
        assertThat(tokens.get(t.id())).isEqualTo(t);
        assertThat(tokens.find(t.id().toString())).contains(t);
        assertThat(tokens.tableName()).isEqualTo("api_tokens");
    }

    @Test
    void findByFirstExistsCount() {
        User ann = users.create(User.of("Ann", "ann@example.com"));
        users.create(User.of("Bob", "bob@example.com"));
        users.create(User.of("Ann", "ann2@example.com"));
        assertThat(users.findBy("email", "ann@example.com")).contains(ann);
        assertThat(users.findBy("email", "nobody@example.com")).isEmpty();
        assertThat(users.findBy(Map.of("name", "Ann", "email", "ann@example.com"))).contains(ann);
        assertThatThrownBy(() -> users.findBy("name", "Ann"))
                .isInstanceOf(DbException.class).hasMessage("Expected at most one User matching name = 'Ann', found several");
        assertThat(users.first()).contains(ann);
        assertThat(users.first(eq("name", "Bob")).map(User::email)).contains("bob@example.com");
        assertThat(users.exists()).isTrue();
        assertThat(users.exists(eq("name", "Zed"))).isFalse();
        assertThat(users.count(eq("name", "Ann"))).isEqualTo(2);
        assertThat(users.where(eq("name", "Bob")).one().email()).isEqualTo("bob@example.com");
        assertThatThrownBy(() -> users.where(eq("name", "Zed")).one()).isInstanceOf(NotFound.class).hasMessage("User not found");
    }

    @Test
    void saveInsertsOrUpdates() {
        User ann = users.save(User.of("Ann", "ann@example.com"));
        assertThat(ann.id()).isNotNull();
        User renamed = users.save(new User(ann.id(), "Ann B.", ann.email()));
        assertThat(renamed).isEqualTo(new User(ann.id(), "Ann B.", "ann@example.com"));
        assertThat(users.get(ann.id()).name()).isEqualTo("Ann B.");
        assertThat(users.count()).isEqualTo(1);

        User explicit = users.save(new User(424242L, "Exp", "exp@example.com"));
        assertThat(users.get(424242L)).isEqualTo(explicit);

        Note n = notes.create(new Note("draft"));
        n.setStatus(Status.LIVE).setTag("x");
        notes.save(n);
        assertThat(notes.get(n.getId()).getStatus()).isEqualTo(Status.LIVE);
    }

    @Test
    void deleteByEntityIdAndQuery() {
        User a = users.create(User.of("A", "a@example.com"));
        User b = users.create(User.of("B", "b@example.com"));
        User c = users.create(User.of("C", "c@example.com"));
        assertThat(users.delete(a)).isTrue();
        assertThat(users.delete(a)).isFalse();
        assertThat(users.deleteById(b.id())).isTrue();
        assertThat(users.find(b.id())).isEmpty();
        assertThat(users.where(eq("name", "C")).delete()).isEqualTo(1);
        assertThat(users.count()).isZero();
        assertThatThrownBy(() -> users.query().delete()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deleteAll()");
        assertThat(c.id()).isNotNull();
    }

    @Test
    void getOrCreateFindsOrCreates() {
        Saved<User> first = users.getOrCreate(Map.of("email", "ann@example.com"), Map.of("name", "Ann"));
        assertThat(first.created()).isTrue();
        Saved<User> again = users.getOrCreate(Map.of("email", "ann@example.com"), Map.of("name", "Other"));
        assertThat(again.created()).isFalse();
        assertThat(again.entity()).isEqualTo(first.entity());
        Saved<User> viaSupplier = users.getOrCreate(Map.of("email", "bob@example.com"), () -> User.of("Bob", "bob@example.com"));
        assertThat(viaSupplier.created()).isTrue();
        assertThat(users.count()).isEqualTo(2);
    }

    @Test
    void updateOrCreateUpdatesOrCreates() {
        Saved<User> made = users.updateOrCreate(Map.of("email", "ann@example.com"), Map.of("name", "Ann"));
        assertThat(made.created()).isTrue();
        Saved<User> updated = users.updateOrCreate(Map.of("email", "ann@example.com"), Map.of("name", "Ann B."));
        assertThat(updated.created()).isFalse();
        assertThat(updated.entity()).isEqualTo(new User(made.entity().id(), "Ann B.", "ann@example.com"));
        assertThat(users.get(made.entity().id()).name()).isEqualTo("Ann B.");
    }

    @Test
    void upsertInsertsThenUpdatesByAUniqueField() {
        User a = users.upsert(User.of("Ann", "ann@example.com"), "email");
        User b = users.upsert(User.of("Ann Updated", "ann@example.com"), "email");
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.name()).isEqualTo("Ann Updated");
        assertThat(users.count()).isEqualTo(1);
    }

    @Test
    void eachEverydayCallIsOneStatement() {
        counter.reset();
        User ann = users.create(User.of("Ann", "ann@example.com"));
        assertThat(counter.count()).as("create").isEqualTo(1);
        counter.reset();
        users.find(ann.id());
        assertThat(counter.count()).as("find").isEqualTo(1);
        counter.reset();
        users.save(new User(ann.id(), "Ann B.", ann.email()));
        assertThat(counter.count()).as("save of an existing row").isEqualTo(1);
        counter.reset();
        users.where(eq("name", "Ann B.")).all();
        users.count();
        users.exists(eq("email", "x"));
        users.findBy("email", "ann@example.com");
        assertThat(counter.count()).as("four reads").isEqualTo(4);
        counter.reset();
        users.page(1, 10);
        assertThat(counter.count()).as("a page: count + rows").isEqualTo(2);
        counter.reset();
        users.getOrCreate(Map.of("email", "ann@example.com"), Map.of("name", "x"));
        assertThat(counter.count()).as("getOrCreate of an existing row").isEqualTo(1);
        counter.reset();
        users.upsert(User.of("Ann C.", "ann@example.com"), "email");
        assertThat(counter.count()).as("upsert: the statement and the read back").isEqualTo(2);
        counter.reset();
        users.deleteById(ann.id());
        assertThat(counter.count()).as("delete").isEqualTo(1);
    }
}
