package dev.duet.db;

import dev.duet.db.model.Product;
import dev.duet.db.model.Status;
import dev.duet.db.model.User;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

/** Queries: conditions, order, limit and offset, values, pluck and aggregates, writes by query, pages, raw SQL, and SQL cached by shape. */
abstract class QuerySuite extends OrmSuite {
    protected QuerySuite(TestDatabases.Kind kind) {
        super(kind);
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
        int cached = products.mapping.sqlCache.size();
        for (int i = 0; i < 50; i++) products.where(eq("name", "n" + i)).first();
        assertThat(products.mapping.sqlCache.size()).as("one entry for 50 queries of one shape").isEqualTo(cached + 1);
        assertThat(products.mapping.sqlCache.keySet().toString()).doesNotContain("n49");
        assertThat(products.where(eq("name", "x")).limit(3).toSql())
                .isEqualTo(products.where(eq("name", "y")).limit(9).toSql())
                .endsWith(" WHERE " + (dialect().equals("mysql") ? "`name`" : "\"name\"") + " = ? LIMIT ?");
    }

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

    @Test
    void groupByComputesEachAggregatePerGroupInOneStatement() throws Exception {
        seedProducts();
        counter.reset();
        assertThat(products.query().groupBy("status").count()).containsExactly(
                Map.of("status", Status.DRAFT, "count", 2L), Map.of("status", Status.LIVE, "count", 4L));
        assertThat(counter.count()).as("one statement for every group").isEqualTo(1);
        assertThat(counter.sql.getFirst()).contains(" GROUP BY ");
        assertThat(products.query().groupBy("status").sum("stock")).containsExactly(
                Map.of("status", Status.DRAFT, "sum", 10L), Map.of("status", Status.LIVE, "sum", 140L));
        assertThat(products.query().groupBy("status").sum("price")).containsExactly(
                Map.of("status", Status.DRAFT, "sum", new BigDecimal("2.00")), Map.of("status", Status.LIVE, "sum", new BigDecimal("16.00")));
        assertThat(products.query().groupBy("status").sum("views")).as("nulls left out of a sum").containsExactly(
                Map.of("status", Status.DRAFT, "sum", 1L), Map.of("status", Status.LIVE, "sum", 5L));
        assertThat(products.query().groupBy("status").avg("rating")).containsExactly(
                Map.of("status", Status.DRAFT, "avg", 0.5), Map.of("status", Status.LIVE, "avg", 3.5));
        assertThat(products.query().groupBy("status").min("name")).containsExactly(
                Map.of("status", Status.DRAFT, "min", "apple"), Map.of("status", Status.LIVE, "min", "cherry"));
        assertThat(products.query().groupBy("status").max("stock")).containsExactly(
                Map.of("status", Status.DRAFT, "max", 10), Map.of("status", Status.LIVE, "max", 50));
        assertThat(products.query().groupBy("status", "active").count()).as("two fields, ordered by both").containsExactly(
                Map.of("status", Status.DRAFT, "active", false, "count", 1L), Map.of("status", Status.DRAFT, "active", true, "count", 1L),
                Map.of("status", Status.LIVE, "active", false, "count", 2L), Map.of("status", Status.LIVE, "active", true, "count", 2L));
        assertThat(products.where(gt("stock", 0)).groupBy("status").count()).as("over the matching rows only").containsExactly(
                Map.of("status", Status.DRAFT, "count", 1L), Map.of("status", Status.LIVE, "count", 4L));
        assertThat(products.where(gt("stock", 1000)).groupBy("status").count()).isEmpty();
        assertThat(products.where(lt("stock", 30)).countBy("status")).containsExactly(
                Map.entry(Status.DRAFT, 2L), Map.entry(Status.LIVE, 1L));
        assertThat(products.query().groupBy("status").sumAsync("stock").toCompletableFuture().get())
                .isEqualTo(products.query().groupBy("status").sum("stock"));
        assertThat(products.query().<Status>countByAsync("status").toCompletableFuture().get())
                .containsExactly(Map.entry(Status.DRAFT, 2L), Map.entry(Status.LIVE, 4L));
    }

    @Test
    void aGroupByThatCannotWorkIsRefusedBeforeAnySql() {
        counter.reset();
        assertThatThrownBy(() -> products.query().groupBy()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("groupBy() needs at least one field");
        assertThatThrownBy(() -> products.orderBy("name").groupBy("status")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without orderBy, limit or offset");
        assertThatThrownBy(() -> products.query().limit(3).countBy("status")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> products.query().groupBy("colour")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no field 'colour'");
        assertThatThrownBy(() -> products.query().groupBy("status").sum("name")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sum() needs a numeric field; 'name' is a String");
        assertThat(counter.count()).isZero();
    }

    @Test
    void aSubqueryOnANullableColumnLeavesItsNullsOutSoNotInStillMatches() {
        seedProducts();
        assertThat(names(products.where(Q.notIn("rank", products.query().column("views"))).orderBy("name")))
                .as("ranks 0 to 5 not among views 0, 1, 2, 3, null, null").containsExactly("elder 50%", "fig_1");
        assertThat(names(products.where(Q.in("rank", products.where(gt("stock", 10)).column("views"))).orderBy("name")))
                .as("the same table inside").containsExactly("cherry", "date");
    }

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

    static List<String> names(Query<Product> q) {
        return q.all().stream().map(Product::name).toList();
    }
}
