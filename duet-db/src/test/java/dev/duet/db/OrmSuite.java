package dev.duet.db;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Task;
import dev.duet.db.model.Counter;
import dev.duet.db.model.Item;
import dev.duet.db.model.Membership;
import dev.duet.db.model.Note;
import dev.duet.db.model.Stamped;
import dev.duet.db.model.Post;
import dev.duet.db.model.Product;
import dev.duet.db.model.Status;
import dev.duet.db.model.Token;
import dev.duet.db.model.User;
import dev.duet.test.TestClient;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static dev.duet.db.Q.and;
import static dev.duet.db.Q.contains;
import static dev.duet.db.Q.endsWith;
import static dev.duet.db.Q.eq;
import static dev.duet.db.Q.ge;
import static dev.duet.db.Q.gt;
import static dev.duet.db.Q.icontains;
import static dev.duet.db.Q.in;
import static dev.duet.db.Q.isNull;
import static dev.duet.db.Q.le;
import static dev.duet.db.Q.like;
import static dev.duet.db.Q.lt;
import static dev.duet.db.Q.ne;
import static dev.duet.db.Q.not;
import static dev.duet.db.Q.notNull;
import static dev.duet.db.Q.or;
import static dev.duet.db.Q.startsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The ORM suite: every test runs on SQLite, PostgreSQL and MariaDB (one subclass each), against
 * the real server, in a database of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OrmSuite {
    protected TestDatabases.Isolated iso;
    protected Database db;
    protected final CountingDataSource counter = new CountingDataSource();
    protected Table<User> users;
    protected Table<Product> products;
    protected Table<Note> notes;

    /** A fresh, isolated database of this suite's kind. */
    protected abstract TestDatabases.Isolated isolate();

    /** A URL of this kind that cannot connect (e.g. a closed port). */
    protected abstract String unreachableUrl();

    protected abstract String expectedDialect();

    @BeforeAll
    void connect() {
        iso = isolate();
        db = Database.connect(DbConfig.builder().url(iso.url()).decorator(counter::wrap).build());
        db.createTables(User.class, Product.class, Note.class, Token.class, Membership.class, Item.class, Counter.class, Post.class,
                Stamped.class);
        users = db.table(User.class);
        products = db.table(Product.class);
        notes = db.table(Note.class);
    }

    @AfterAll
    void disconnect() {
        if (db != null) db.close();
        if (iso != null) iso.drop();
    }

    @BeforeEach
    void clean() {
        db.table(Membership.class).deleteAll();
        db.table(Post.class).deleteAll();
        for (Class<?> m : List.of(User.class, Product.class, Note.class, Token.class, Item.class, Counter.class, Stamped.class)) {
            db.table(m).deleteAll();
        }
        counter.reset();
    }

    // ---- connecting ----

    @Test
    void connectsWithTheRightDialect() {
        assertThat(db.dialect()).isEqualTo(expectedDialect());
        assertThat(db.poolSize()).isPositive();
        assertThat(db.toString()).doesNotContain("secret");
    }

    @Test
    void anUnreachableDatabaseFailsClearlyAndQuickly() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Database.connect(DbConfig.builder().url(unreachableUrl())
                .connectionTimeout(Duration.ofSeconds(2)).build()))
                .isInstanceOf(ConnectionFailure.class)
                .hasMessageStartingWith("Cannot connect to ");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void createTablesIsIdempotent() {
        db.createTables(User.class, Product.class, Note.class);
        users.create(User.of("Ann", "ann@example.com"));
        db.createTables(User.class);
        assertThat(users.count()).isEqualTo(1);
    }

    // ---- create / find / get / all ----

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
        assertThat(products.recordReader).as("a record with every supported type").isNotNull();
        assertThat(users.recordReader).isNotNull();
        assertThat(notes.recordReader).as("a class model").isNull();
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

    // ---- get-or-none, first, exists, count ----

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

    // ---- save / delete ----

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

    // ---- errors ----

    @Test
    void aDuplicateUniqueValueIsAUniqueViolationNamingTheField() {
        users.create(User.of("Ann", "ann@example.com"));
        assertThatThrownBy(() -> users.create(User.of("Other", "ann@example.com")))
                .isInstanceOfSatisfying(UniqueViolation.class, e -> {
                    assertThat(e.field()).isEqualTo("email");
                    assertThat(e.table()).isEqualTo("users");
                    assertThat(e.getMessage()).isEqualTo("A User with this email already exists");
                    assertThat(e.getCause()).isInstanceOf(java.sql.SQLException.class);
                });
        assertThat(users.count()).isEqualTo(1);
    }

    @Test
    void aCompositeUniqueIndexNamesBothFields() {
        User u = users.create(User.of("Ann", "ann@example.com"));
        Table<Membership> ms = db.table(Membership.class);
        ms.create(new Membership(null, u.id(), "red"));
        ms.create(new Membership(null, u.id(), "blue"));
        assertThatThrownBy(() -> ms.create(new Membership(null, u.id(), "red")))
                .isInstanceOfSatisfying(UniqueViolation.class, e -> assertThat(e.fields()).containsExactly("userId", "team"));
    }

    @Test
    void aMissingRequiredValueIsANotNullViolation() {
        assertThatThrownBy(() -> users.create(User.of(null, "x@example.com")))
                .isInstanceOfSatisfying(NotNullViolation.class, e -> {
                    assertThat(e.field()).isEqualTo("name");
                    assertThat(e.getMessage()).isEqualTo("Field 'name' of User is required (it was null)");
                });
        assertThat(users.count()).isZero();
    }

    @Test
    void aBrokenCheckIsACheckViolation() {
        assertThatThrownBy(() -> products.create(Product.simple("Bad", -1, "1.00")))
                .isInstanceOfSatisfying(CheckViolation.class, e -> assertThat(e.constraint()).isEqualTo("ck_products_stock"));
    }

    @Test
    void aTooLongValueIsAValueTooLong() {
        assertThatThrownBy(() -> users.create(User.of("x".repeat(51), "long@example.com")))
                .isInstanceOfSatisfying(ValueTooLong.class, e -> {
                    assertThat(e.field()).isEqualTo("name");
                    assertThat(e.getMessage()).isEqualTo("Field 'name' of User is too long (at most 50 characters)");
                });
        users.create(User.of("x".repeat(50), "ok@example.com"));
    }

    @Test
    void aDanglingReferenceIsAForeignKeyViolationNamingTheField() {
        Table<Membership> ms = db.table(Membership.class);
        assertThatThrownBy(() -> ms.create(new Membership(null, 999_999L, "red")))
                .isInstanceOfSatisfying(ForeignKeyViolation.class, e -> {
                    assertThat(e.field()).isEqualTo("userId");
                    assertThat(e.getMessage()).isEqualTo("Field 'userId' of Membership refers to a User that does not exist");
                });
        User u = users.create(User.of("Ann", "ann@example.com"));
        ms.create(new Membership(null, u.id(), "red"));
        assertThatThrownBy(() -> users.delete(u))
                .isInstanceOfSatisfying(ForeignKeyViolation.class, e -> {
                    assertThat(e.getMessage()).startsWith("This User is still referenced by ")
                            .contains("delete or change those first");
                    assertThat(e.table()).isEqualTo("users");
                });
        assertThat(users.find(u.id())).isPresent();
    }

    @Test
    void unknownFieldsAreRejectedBeforeAnySql() {
        assertThatThrownBy(() -> users.where(eq("emial", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model User has no field 'emial' (fields: id, name, email)");
        assertThatThrownBy(() -> users.orderBy("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> users.values("id", "password")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> users.query().pluck("x; DROP TABLE users")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> users.findBy(Map.of("bogus", 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> products.where(eq("stock", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stock");
        assertThatThrownBy(() -> products.where(eq("status", "NOPE")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DRAFT");
        assertThatThrownBy(() -> products.where(like("stock", "1%"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(counter.count()).isZero();
    }

    @Test
    void valuesAreAlwaysBoundNeverSpliced() {
        String evil = "x' OR '1'='1";
        users.create(User.of("Ann", "ann@example.com"));
        assertThat(users.where(eq("name", evil)).all()).isEmpty();
        User odd = users.create(User.of(evil, "odd@example.com"));
        assertThat(users.findBy("name", evil)).contains(odd);
        assertThat(users.where(contains("name", "' OR '")).all()).containsExactly(odd);
    }

    // ---- queries ----

    private List<Product> seedProducts() {
        List<Product> out = new ArrayList<>();
        String[] names = {"apple", "banana", "cherry", "date", "elder 50%", "fig_1"};
        for (int i = 0; i < names.length; i++) {
            out.add(products.create(new Product(0, names[i], new BigDecimal(i + ".50"), i * 10, i, i % 2 == 0,
                    i == 3 ? null : "d" + i, null, null, null, i < 2 ? Status.DRAFT : Status.LIVE, null, i >= 4 ? null : (long) i,
                    null, (short) i)));
        }
        return out;
    }

    @Test
    void comparisonsAndLogic() {
        seedProducts();
        assertThat(names(products.where(eq("name", "apple")))).containsExactly("apple");
        assertThat(names(products.where(ne("name", "apple")).orderBy("name"))).hasSize(5);
        assertThat(names(products.where(lt("stock", 20)).orderBy("stock"))).containsExactly("apple", "banana");
        assertThat(names(products.where(le("stock", 20)).orderBy("stock"))).containsExactly("apple", "banana", "cherry");
        assertThat(names(products.where(gt("price", new BigDecimal("4.00"))).orderBy("name"))).containsExactly("elder 50%", "fig_1");
        assertThat(names(products.where(ge("rating", 4)).orderBy("name"))).containsExactly("elder 50%", "fig_1");
        assertThat(names(products.where(in("name", List.of("apple", "date", "zzz"))).orderBy("name"))).containsExactly("apple", "date");
        assertThat(names(products.where(in("stock", 0, 50)).orderBy("name"))).containsExactly("apple", "fig_1");
        assertThat(products.where(in("name", List.of())).all()).isEmpty();
        assertThat(products.where(Q.notIn("name", List.of())).count()).isEqualTo(6);
        assertThat(names(products.where(isNull("description")))).containsExactly("date");
        assertThat(products.where(notNull("description")).count()).isEqualTo(5);
        assertThat(products.where(eq("views", null)).count()).isEqualTo(2);
        assertThat(names(products.where(eq("status", Status.DRAFT)).orderBy("name"))).containsExactly("apple", "banana");
        assertThat(names(products.where(eq("status", "LIVE")).orderBy("name"))).hasSize(4);
        assertThat(names(products.where(eq("active", true)).orderBy("name"))).containsExactly("apple", "cherry", "elder 50%");
        assertThat(names(products.where(or(eq("name", "apple"), and(gt("stock", 30), lt("stock", 50)))).orderBy("name")))
                .containsExactly("apple", "elder 50%");
        assertThat(names(products.where(not(eq("status", Status.LIVE))).orderBy("name"))).containsExactly("apple", "banana");
        assertThat(names(products.where(eq("name", "apple")).or(eq("name", "fig_1")).orderBy("-name"))).containsExactly("fig_1", "apple");
        assertThat(names(products.where(Q.between("stock", 10, 30)).orderBy("stock"))).containsExactly("banana", "cherry", "date");
        assertThat(names(products.where(gt("stock", 0)).where(lt("stock", 20)))).containsExactly("banana");
    }

    @Test
    void textMatching() {
        seedProducts();
        assertThat(names(products.where(like("name", "%an%")))).containsExactly("banana");
        assertThat(names(products.where(startsWith("name", "ch")))).containsExactly("cherry");
        assertThat(names(products.where(endsWith("name", "rry")))).containsExactly("cherry");
        assertThat(names(products.where(contains("name", "50%")))).containsExactly("elder 50%");
        assertThat(names(products.where(contains("name", "g_")))).containsExactly("fig_1");
        assertThat(products.where(contains("name", "_")).count()).as("_ is literal in contains").isEqualTo(1);
        assertThat(names(products.where(icontains("name", "APP")))).containsExactly("apple");
        assertThat(names(products.where(Q.ilike("name", "B%")))).containsExactly("banana");
    }

    @Test
    void orderLimitOffset() {
        seedProducts();
        assertThat(names(products.orderBy("-stock").limit(2))).containsExactly("fig_1", "elder 50%");
        assertThat(names(products.orderBy("stock").offset(4))).containsExactly("elder 50%", "fig_1");
        assertThat(names(products.orderBy("stock").limit(2).offset(1))).containsExactly("banana", "cherry");
        assertThat(names(products.orderBy("status", "-name"))).containsExactly("banana", "apple", "fig_1", "elder 50%", "date", "cherry");
        assertThat(products.orderBy("stock").limit(3).count()).isEqualTo(3);
        assertThat(products.query().offset(5).count()).isEqualTo(1);
        assertThat(products.orderBy("-stock").first().map(Product::name)).contains("fig_1");
    }

    @Test
    void valuesPluckAndAggregates() {
        seedProducts();
        List<Map<String, Object>> rows = products.where(lt("stock", 20)).orderBy("stock").values("id", "name", "price", "status");
        assertThat(rows).hasSize(2);
        assertThat(rows.getFirst()).containsOnlyKeys("id", "name", "price", "status")
                .containsEntry("name", "apple").containsEntry("price", new BigDecimal("0.50")).containsEntry("status", Status.DRAFT);
        assertThat(rows.getFirst().get("id")).isInstanceOf(Long.class);
        List<String> names = products.orderBy("name").pluck("name");
        assertThat(names).containsExactly("apple", "banana", "cherry", "date", "elder 50%", "fig_1");
        List<Integer> stocks = products.where(gt("stock", 30)).orderBy("stock").pluck("stock");
        assertThat(stocks).containsExactly(40, 50);
        assertThat(products.query().sum("stock")).isEqualTo(150L);
        assertThat(products.query().sum("price")).isEqualTo(new BigDecimal("18.00"));
        assertThat(products.query().sum("rating")).isEqualTo(15.0);
        assertThat(products.where(gt("stock", 1000)).sum("stock")).isEqualTo(0L);
        assertThat(products.query().<Integer>min("stock")).contains(0);
        assertThat(products.query().<BigDecimal>max("price")).contains(new BigDecimal("5.50"));
        assertThat(products.query().<String>max("name")).contains("fig_1");
        assertThat(products.query().avg("stock").getAsDouble()).isEqualTo(25.0);
        assertThat(products.where(gt("stock", 1000)).avg("stock")).isEmpty();
        assertThat(products.where(gt("stock", 1000)).<Integer>max("stock")).isEmpty();
        assertThat(products.query().count()).isEqualTo(6);
        assertThat(products.query().values()).hasSize(6);
        assertThatThrownBy(() -> products.query().sum("name")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void updateByQuery() {
        seedProducts();
        assertThat(products.where(eq("status", Status.DRAFT)).update("status", Status.LIVE)).isEqualTo(2);
        assertThat(products.where(eq("status", Status.DRAFT)).count()).isZero();
        assertThat(products.where(gt("stock", 30)).update(Map.of("active", false, "rank", 9))).isEqualTo(2);
        assertThat(products.where(eq("rank", 9)).count()).isEqualTo(2);
        assertThat(products.where(eq("name", "nothing")).update("stock", 1)).isZero();
        assertThatThrownBy(() -> products.query().update("id", 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> products.query().update("stock", -5)).isInstanceOf(CheckViolation.class);
    }

    @Test
    void pagination() {
        for (int i = 1; i <= 7; i++) users.create(User.of("u" + i, "u" + i + "@example.com"));
        Page<User> p2 = users.page(2, 3);
        assertThat(p2.items()).extracting(User::name).containsExactly("u4", "u5", "u6");
        assertThat(p2.total()).isEqualTo(7);
        assertThat(p2.pages()).isEqualTo(3);
        assertThat(p2.hasNext()).isTrue();
        assertThat(p2.hasPrevious()).isTrue();
        Page<User> p3 = users.orderBy("-name").page(3, 3);
        assertThat(p3.items()).extracting(User::name).containsExactly("u1");
        assertThat(p3.hasNext()).isFalse();
        assertThat(users.page(9, 3).items()).isEmpty();
        assertThat(users.where(eq("name", "u1")).page(1, 10).total()).isEqualTo(1);
        assertThatThrownBy(() -> users.page(0, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- get-or-create, update-or-create, bulk, upsert ----

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
    void updateOrCreateUpdatesOrCreates() {
        Saved<User> made = users.updateOrCreate(Map.of("email", "ann@example.com"), Map.of("name", "Ann"));
        assertThat(made.created()).isTrue();
        Saved<User> updated = users.updateOrCreate(Map.of("email", "ann@example.com"), Map.of("name", "Ann B."));
        assertThat(updated.created()).isFalse();
        assertThat(updated.entity()).isEqualTo(new User(made.entity().id(), "Ann B.", "ann@example.com"));
        assertThat(users.get(made.entity().id()).name()).isEqualTo("Ann B.");
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
        if (!expectedDialect().equals("sqlite")) {
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
    void upsertInsertsThenUpdatesByAUniqueField() {
        User a = users.upsert(User.of("Ann", "ann@example.com"), "email");
        User b = users.upsert(User.of("Ann Updated", "ann@example.com"), "email");
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.name()).isEqualTo("Ann Updated");
        assertThat(users.count()).isEqualTo(1);
    }

    // ---- batch update ----

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
        return !expectedDialect().equals("mysql");
    }

    // ---- raw SQL ----

    @Test
    void rawSqlWithBoundParameters() {
        User ann = users.create(User.of("Ann", "ann@example.com"));
        users.create(User.of("Bob", "bob@example.com"));
        List<User> found = db.query(User.class, "SELECT id, name, email FROM users WHERE email LIKE ? ORDER BY name", "a%");
        assertThat(found).containsExactly(ann);
        List<User> partial = db.query(User.class, "SELECT name FROM users ORDER BY name");
        assertThat(partial).extracting(User::name).containsExactly("Ann", "Bob");
        assertThat(partial.getFirst().id()).isNull();
        List<Map<String, Object>> maps = db.queryMaps("SELECT name, COUNT(*) AS n FROM users WHERE id >= ? GROUP BY name ORDER BY name", 0);
        assertThat(maps).hasSize(2);
        assertThat(maps.getFirst()).containsEntry("name", "Ann");
        assertThat(((Number) maps.getFirst().get("n")).intValue()).isEqualTo(1);
        assertThat(db.execute("UPDATE users SET name = ? WHERE email = ?", "Annie", "ann@example.com")).isEqualTo(1);
        assertThat(users.get(ann.id()).name()).isEqualTo("Annie");
        assertThatThrownBy(() -> db.execute("INSERT INTO users (name, email) VALUES (?, ?)", "X", "bob@example.com"))
                .isInstanceOf(UniqueViolation.class);
        assertThatThrownBy(() -> db.queryMaps("SELECT nope FROM users")).isInstanceOf(DbException.class);
    }

    // ---- statements ----

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

    @Test
    void queriesOfOneShapeShareTheirSqlWhateverTheValues() {
        seedProducts();
        counter.reset();
        assertThat(names(products.where(gt("stock", 25).and(in("status", Status.LIVE, Status.DRAFT))).orderBy("stock").limit(5)))
                .containsExactly("date", "elder 50%", "fig_1");
        assertThat(names(products.where(gt("stock", 5).and(in("status", Status.DRAFT, Status.RETIRED))).orderBy("stock").limit(5)))
                .containsExactly("banana");
        assertThat(names(products.where(gt("stock", 5).and(in("status", Status.DRAFT))).orderBy("stock").limit(5)))
                .as("another IN size is another shape").containsExactly("banana");
        assertThat(names(products.where(not(or(eq("name", "apple"), like("name", "b%")))).orderBy("name").limit(2)))
                .containsExactly("cherry", "date");
        assertThat(names(products.where(not(or(eq("name", "cherry"), like("name", "d%")))).orderBy("name").limit(2)))
                .containsExactly("apple", "banana");
        assertThat(counter.sql.get(0)).isEqualTo(counter.sql.get(1));
        assertThat(counter.sql.get(1)).isNotEqualTo(counter.sql.get(2));
        assertThat(counter.sql.get(3)).isEqualTo(counter.sql.get(4));
        assertThat(products.query().count()).isEqualTo(6);
        assertThat(products.query().offset(0).count()).isEqualTo(6);
        assertThat(products.query().offset(2).count()).isEqualTo(4);
        assertThat(names(products.orderBy("stock").offset(0))).hasSize(6);
        assertThat(names(products.orderBy("stock").offset(5))).containsExactly("fig_1");
        assertThat(names(products.orderBy("stock").limit(2).offset(0))).containsExactly("apple", "banana");
        int cached = products.sqlCache.size();
        for (int i = 0; i < 50; i++) products.where(eq("name", "n" + i)).first();
        assertThat(products.sqlCache.size()).as("one entry for 50 queries of one shape").isEqualTo(cached + 1);
        assertThat(products.sqlCache.keySet().toString()).doesNotContain("n49");
        assertThat(products.where(eq("name", "x")).limit(3).toSql())
                .isEqualTo(products.where(eq("name", "y")).limit(9).toSql())
                .endsWith(" WHERE " + (expectedDialect().equals("mysql") ? "`name`" : "\"name\"") + " = ? LIMIT ?");
    }

    // ---- transactions ----

    @Test
    void aTransactionCommitsOrRollsBackAsAWhole() {
        User ann = db.transaction(() -> {
            User a = users.create(User.of("Ann", "ann@example.com"));
            users.create(User.of("Bob", "bob@example.com"));
            assertThat(db.inTransaction()).isTrue();
            return a;
        });
        assertThat(db.inTransaction()).isFalse();
        assertThat(users.count()).isEqualTo(2);
        assertThatThrownBy(() -> db.transaction(() -> {
            users.create(User.of("Cy", "cy@example.com"));
            users.create(User.of("Dup", "ann@example.com"));
        })).isInstanceOf(UniqueViolation.class);
        assertThat(users.count()).isEqualTo(2);
        assertThat(users.findBy("email", "cy@example.com")).isEmpty();
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> db.transaction(() -> {
            users.deleteById(ann.id());
            throw boom;
        })).isSameAs(boom);
        assertThat(users.find(ann.id())).isPresent();
    }

    @Test
    void nestedTransactionsAreSavepoints() {
        db.transaction(() -> {
            users.create(User.of("Outer", "outer@example.com"));
            assertThatThrownBy(() -> db.transaction(() -> {
                users.create(User.of("Inner", "inner@example.com"));
                users.create(User.of("Dup", "outer@example.com"));
            })).isInstanceOf(UniqueViolation.class);
            users.create(User.of("After", "after@example.com"));
        });
        assertThat(users.orderBy("name").<String>pluck("name")).containsExactly("After", "Outer");
    }

    @Test
    void asyncCallsInsideATransactionUseIt() {
        assertThatThrownBy(() -> db.transaction(() -> {
            users.create(User.of("Ann", "ann@example.com"));
            long seen = users.countAsync().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(seen).as("the async twin sees the uncommitted row: same transaction").isEqualTo(1);
            User b = users.createAsync(User.of("Bob", "bob@example.com")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(b.id()).isNotNull();
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");
        assertThat(users.count()).as("both rows rolled back with the transaction").isZero();
    }

    @Test
    void transactionAsyncRunsOnAVirtualThread() throws Exception {
        CompletionStage<String> s = db.transactionAsync(() -> {
            users.create(User.of("Ann", "ann@example.com"));
            return Thread.currentThread().isVirtual() + ":" + db.inTransaction();
        });
        assertThat(s.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("true:true");
        CompletionStage<Void> failed = db.transactionAsync(() -> {
            users.create(User.of("Bob", "bob@example.com"));
            users.create(User.of("Ann again", "ann@example.com"));
        });
        assertThatThrownBy(() -> failed.toCompletableFuture().join()).hasCauseInstanceOf(UniqueViolation.class);
        assertThat(users.count()).isEqualTo(1);
    }

    // ---- async twins ----

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

    @Test
    void everyBlockingCallHasAnAsyncTwin() {
        for (Class<?> type : List.of(Table.class, Query.class, Database.class)) {
            for (var m : type.getDeclaredMethods()) {
                if (!java.lang.reflect.Modifier.isPublic(m.getModifiers()) || java.lang.reflect.Modifier.isStatic(m.getModifiers())) continue;
                if (m.getName().endsWith("Async") || NOT_IO.contains(m.getName())) continue;
                boolean twin = java.util.Arrays.stream(type.getMethods()).anyMatch(x -> x.getName().equals(m.getName() + "Async")
                        && java.util.Arrays.equals(x.getParameterTypes(), m.getParameterTypes())
                        && CompletionStage.class.isAssignableFrom(x.getReturnType()));
                assertThat(twin).as(type.getSimpleName() + "." + m.getName() + java.util.Arrays.toString(m.getParameterTypes()) + " has an async twin").isTrue();
            }
        }
    }

    private static final java.util.Set<String> NOT_IO = java.util.Set.of("query", "where", "orderBy", "limit", "offset", "or",
            "toSql", "toString", "type", "tableName", "fields", "build", "table", "dialect", "poolSize", "dataSource", "config",
            "inTransaction", "async", "close", "isClosed", "createTableSql", "hashCode", "equals");

    // ---- one connection per request ----

    /** Serves {@code routes} through the in-process test client for {@code use}, then stops the app. */
    private static void withApp(Consumer<App> routes, Consumer<TestClient> use) {
        App app = App.create(Config.defaults());
        routes.accept(app);
        try (TestClient client = TestClient.of(app)) {
            use.accept(client);
        } finally {
            app.stop();
        }
    }

    private static TestResponse ok(TestResponse res) {
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        return res;
    }

    @Test
    void aBlockingHandlersStatementsShareOneConnection() {
        List<User> made = new ArrayList<>();
        for (int i = 0; i < 20; i++) made.add(User.of("u" + i, "u" + i + "@example.com"));
        List<Long> ids = users.createAll(made).stream().map(User::id).toList();
        withApp(app -> app.get("/twenty", req -> {
            long sum = 0;
            for (long id : ids) sum += users.get(id).id();
            try {
                users.create(User.of("dup", "u0@example.com"));
            } catch (UniqueViolation expected) {
                // a failed statement keeps the connection: it is not broken
            }
            return sum + users.count();
        }), client -> {
            for (int round = 0; round < 3; round++) {
                counter.reset();
                ok(client.get("/twenty"));
                assertThat(counter.count()).isEqualTo(22);
                assertThat(counter.borrows()).as("one connection for the request's 22 statements").isEqualTo(1);
            }
        });
    }

    @Test
    void withConnectionPerRequestOffEveryStatementBorrows() {
        CountingDataSource own = new CountingDataSource();
        try (Database perStatement = Database.connect(DbConfig.builder().url(iso.url()).decorator(own::wrap)
                .connectionPerRequest(false).build())) {
            Table<User> t = perStatement.table(User.class);
            long id = t.create(User.of("Ann", "ann@example.com")).id();
            withApp(app -> app.get("/twenty", req -> {
                for (int i = 0; i < 20; i++) t.get(id);
                return "ok";
            }), client -> {
                own.reset();
                ok(client.get("/twenty"));
                assertThat(own.borrows()).as("a connection per statement, as before").isEqualTo(20);
                own.reset();
                assertThat(perStatement.async(() -> t.count() + t.count()).toCompletableFuture().join()).isEqualTo(2);
                assertThat(own.borrows()).isEqualTo(2);
            });
        }
    }

    @Test
    void parallelAsyncTwinsStartedFromAHandlerStillRunSideBySide() {
        User ann = users.create(User.of("Ann", "ann@example.com"));
        withApp(app -> app.get("/pair", req -> {
            users.get(ann.id());                        // the request's connection is borrowed now
            counter.holdUntilTogether("COUNT(", 2);    // each count waits until both are running
            try {
                var a = users.countAsync();
                var b = users.countAsync();
                return req.tasks().await(a) + req.tasks().await(b);
            } finally {
                counter.release();
            }
        }), client -> {
            counter.reset();
            assertThat(ok(client.get("/pair")).text()).isEqualTo("2");
            assertThat(counter.borrows()).as("the request's, and one for the twin that found it busy").isEqualTo(2);
        });
    }

    @Test
    void aTransactionInsideARequestRunsOnTheRequestsConnection() {
        withApp(app -> app.get("/tx", req -> {
            users.create(User.of("Ann", "ann@example.com"));
            db.transaction(() -> users.create(User.of("Bob", "bob@example.com")));
            try {
                db.transaction(() -> {
                    users.create(User.of("Cy", "cy@example.com"));
                    throw new IllegalStateException("roll back");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
            users.create(User.of("Dee", "dee@example.com"));   // autocommit again, on the same connection
            return users.count();
        }), client -> {
            counter.reset();
            assertThat(ok(client.get("/tx")).text()).isEqualTo("3");
            assertThat(counter.borrows()).as("no second connection for the transactions").isEqualTo(1);
        });
        assertThat(users.orderBy("name").<String>pluck("name")).as("committed, seen from another connection")
                .containsExactly("Ann", "Bob", "Dee");
    }

    @Test
    void anAsyncBodysStatementsShareOneConnection() throws Exception {
        counter.reset();
        long n = db.async(() -> {
            users.create(User.of("Ann", "ann@example.com"));
            users.count();
            return db.transaction(() -> users.count());
        }).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(n).isEqualTo(1);
        assertThat(counter.borrows()).isEqualTo(1);

        withApp(app -> app.getAsync("/body", req -> db.async(() -> users.count() + users.count() + users.count())), client -> {
            counter.reset();
            assertThat(ok(client.get("/body")).text()).isEqualTo("3");
            assertThat(counter.borrows()).as("an async handler's body: a connection of its own, once").isEqualTo(1);
        });
    }

    @Test
    void aPoolOfOneServesARequestThatAlsoRunsWorkOnOtherThreads() {
        // The request holds the pool's only connection; work on its other threads must use it in
        // turn (waiting for it when the pool has none to give) rather than wait for the pool in vain.
        CountingDataSource slow = new CountingDataSource();
        try (Database one = Database.connect(DbConfig.builder().url(iso.url()).poolSize(1).decorator(slow::wrap)
                .connectionTimeout(Duration.ofSeconds(2)).build())) {
            Table<User> t = one.table(User.class);
            withApp(app -> app.get("/crowd", req -> {
                t.count();
                List<Long> tasks = req.tasks().parallel(List.of(Task.blocking(t::count), Task.blocking(t::count)));
                var twin = t.countAsync();
                var body = one.async(() -> t.count() + t.count());
                long twins = req.tasks().await(twin) + req.tasks().await(body);
                long inTx = one.transaction(() -> t.count());
                return tasks.size() + twins + inTx;
            }), client -> {
                slow.slowDown("COUNT(", Duration.ofMillis(100));   // so that they do meet
                try {
                    long start = System.nanoTime();
                    for (int i = 0; i < 2; i++) assertThat(ok(client.get("/crowd")).text()).isEqualTo("2");
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("nothing waited out the connection timeout")
                            .isLessThan(Duration.ofSeconds(2));
                } finally {
                    slow.release();
                }
            });
            assertThat(t.count()).as("the connection went back to the pool").isZero();
        }
    }

    @Test
    void aConnectionThatBreaksIsDroppedAndTheNextStatementBorrowsAfresh() {
        assumeFalse(expectedDialect().equals("sqlite"), "SQLite has no connection to lose");
        String killOwnConnection = expectedDialect().equals("postgresql")
                ? "SELECT pg_terminate_backend(pg_backend_pid())" : "KILL CONNECTION_ID()";
        withApp(app -> app.get("/break", req -> {
            users.count();
            try {
                db.queryMaps(killOwnConnection);
                return "the connection survived";
            } catch (ConnectionFailure expected) {
                return users.count();       // on a connection borrowed afresh
            }
        }), client -> {
            counter.reset();
            assertThat(ok(client.get("/break")).text()).isEqualTo("0");
            assertThat(counter.borrows()).isEqualTo(2);
        });
    }

    // ---- relations ----

    @Test
    void eagerLoadingRelationsTakesOneQueryEach() {
        Table<Post> posts = db.table(Post.class);
        List<User> authors = new ArrayList<>();
        for (int i = 0; i < 10; i++) authors.add(users.create(User.of("a" + i, "a" + i + "@example.com")));
        User lurker = users.create(User.of("lurker", "lurker@example.com"));
        for (int i = 0; i < 30; i++) posts.create(new Post(null, authors.get(i % 10).id(), "post " + i));

        counter.reset();
        List<Post> all = posts.orderBy("id").all();
        Map<Long, User> byId = users.belongsTo(all, Post::authorId);
        assertThat(counter.count()).as("30 posts and their authors: 2 queries, not 31").isEqualTo(2);
        assertThat(byId).hasSize(10);
        for (Post p : all) assertThat(byId.get(p.authorId()).id()).isEqualTo(p.authorId());

        counter.reset();
        List<User> everyone = users.orderBy("id").all();
        Map<Long, List<Post>> postsOf = posts.hasMany("authorId", everyone, User::id);
        assertThat(counter.count()).as("11 users and their posts: 2 queries, not 12").isEqualTo(2);
        assertThat(postsOf.get(authors.getFirst().id())).extracting(Post::title).containsExactly("post 0", "post 10", "post 20");
        assertThat(postsOf.get(lurker.id())).isEmpty();
        assertThat(users.findAll(List.of(authors.get(1).id(), 123456L))).containsOnlyKeys(authors.get(1).id());

        assertThat(users.delete(authors.getFirst())).isTrue();
        assertThat(posts.count()).as("posts are deleted with their author (cascade)").isEqualTo(27);
        assertThatThrownBy(() -> posts.create(new Post(null, 987654L, "orphan"))).isInstanceOf(ForeignKeyViolation.class);
    }

    // ---- migrations ----

    @Test
    void flywayMigrationsRunOnce() {
        // This database already has tables made by createTables(), so Flyway is told to start from an empty baseline.
        int applied = db.migrate(f -> f.table("duet_schema_history").baselineOnMigrate(true).baselineVersion("0"));
        assertThat(applied).isEqualTo(2);
        assertThat(db.migrate(f -> f.table("duet_schema_history"))).isZero();
        assertThat(db.queryMaps("SELECT name FROM widgets ORDER BY id")).extracting(m -> m.get("name"))
                .containsExactly("sprocket", "gear");
    }

    // ---- helpers ----

    static List<String> names(Query<Product> q) {
        return q.all().stream().map(Product::name).toList();
    }
}
