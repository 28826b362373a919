package dev.duet.db;

import dev.duet.db.model.Favorite;
import dev.duet.db.model.Post;
import dev.duet.db.model.Product;
import dev.duet.db.model.Token;
import dev.duet.db.model.User;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static dev.duet.db.Q.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** Table names: a prefix per app (several apps on one database), and a schema (PostgreSQL) or database (MariaDB). */
abstract class NamingSuite extends OrmSuite {
    private static final Class<?>[] MODELS = {User.class, Post.class, Favorite.class, Product.class, Token.class};
    private static final Class<?>[] DROP_ORDER = {Favorite.class, Post.class, Product.class, Token.class, User.class};

    protected NamingSuite(TestDatabases.Kind kind) {
        super(kind);
    }

    private Database connect(UnaryOperator<DbConfig.Builder> tune) {
        return Database.connect(tune.apply(DbConfig.builder().url(iso.url())).build());
    }

    @Test
    void twoAppsWithDifferentPrefixesOnOneDatabaseDoNotSeeEachOthersRows() {
        try (Database a = connect(b -> b.tablePrefix("a_")); Database b = connect(c -> c.tablePrefix("b_"))) {
            a.createTables(MODELS);
            b.createTables(MODELS);
            Table<User> usersA = a.table(User.class);
            Table<User> usersB = b.table(User.class);
            assertThat(usersA.tableName()).isEqualTo("a_users");
            assertThat(b.table(Token.class).tableName()).as("@TableName names the table; the prefix goes first").isEqualTo("b_api_tokens");

            User annA = usersA.create(User.of("Ann A", "ann@example.com"));
            User annB = usersB.create(User.of("Ann B", "ann@example.com"));
            assertThat(usersA.all()).containsExactly(annA);
            assertThat(usersB.all()).containsExactly(annB);
            assertThat(users.count()).as("the unprefixed app's table").isZero();
            assertThat(b.queryMaps("SELECT name FROM b_users")).extracting(m -> m.get("name")).containsExactly("Ann B");

            assertThatThrownBy(() -> usersA.create(User.of("Other", "ann@example.com")))
                    .isInstanceOfSatisfying(UniqueViolation.class, e -> {
                        assertThat(e.field()).isEqualTo("email");
                        assertThat(e.table()).isEqualTo("a_users");
                    });
            assertThatThrownBy(() -> usersA.create(User.of("x".repeat(51), "long@example.com")))
                    .isInstanceOfSatisfying(ValueTooLong.class, e -> assertThat(e.field()).isEqualTo("name"));
            assertThatThrownBy(() -> a.table(Product.class).create(Product.simple("Bad", -1, "1.00")))
                    .isInstanceOfSatisfying(CheckViolation.class, e -> assertThat(e.constraint()).isEqualTo("a_ck_products_stock"));
            assertThat(usersA.upsert(User.of("Ann A.", "ann@example.com"), "email").name()).isEqualTo("Ann A.");
            assertThat(usersB.get(annB.id()).name()).isEqualTo("Ann B");

            Table<Post> postsA = a.table(Post.class);
            Table<Favorite> favoritesA = a.table(Favorite.class);
            Post post = postsA.create(new Post(null, annA.id(), "a post"));
            favoritesA.create(new Favorite(null, annA.id(), post.id()));
            assertThatThrownBy(() -> postsA.create(new Post(null, 987_654L, "orphan")))
                    .isInstanceOfSatisfying(ForeignKeyViolation.class, e -> assertThat(e.field()).isEqualTo("authorId"));
            assertThat(postsA.where(in("id", favoritesA.query().column("postId"))).all()).containsExactly(post);
            assertThat(favoritesA.query().countBy("postId")).containsExactly(entry(post.id(), 1L));
            assertThat(usersA.belongsTo(List.of(post), Post::authorId)).containsOnlyKeys(annA.id());
            assertThat(usersA.delete(annA)).isTrue();
            assertThat(postsA.count() + favoritesA.count()).as("deleted with their user (cascade)").isZero();
            assertThat(usersB.count()).isEqualTo(1);

            a.dropTables(DROP_ORDER);
            b.dropTables(DROP_ORDER);
        }
    }

    @Test
    void migrationsOfEachPrefixKeepTheirOwnHistoryAndUseTheirPrefix() {
        UnaryOperator<org.flywaydb.core.api.configuration.FluentConfiguration> prefixed =
                f -> f.locations("classpath:db/prefixed").baselineOnMigrate(true).baselineVersion("0");
        try (Database a = connect(b -> b.tablePrefix("a_")); Database b = connect(c -> c.tablePrefix("b_"))) {
            assertThat(a.migrate(prefixed::apply)).isEqualTo(1);
            assertThat(a.migrate(prefixed::apply)).isZero();
            assertThat(b.migrate(prefixed::apply)).as("b's history is its own").isEqualTo(1);
            assertThat(a.queryMaps("SELECT name FROM a_gadgets")).extracting(m -> m.get("name")).containsExactly("widget");
            assertThat(b.queryMaps("SELECT name FROM b_gadgets")).extracting(m -> m.get("name")).containsExactly("widget");
            assertThat(a.queryMaps("SELECT version FROM a_flyway_schema_history WHERE version = '1'")).hasSize(1);
            a.execute("DROP TABLE a_gadgets");
            a.execute("DROP TABLE a_flyway_schema_history");
            b.execute("DROP TABLE b_gadgets");
            b.execute("DROP TABLE b_flyway_schema_history");
        }
    }

    /** PostgreSQL: a schema of the database; MariaDB: another database on the server; SQLite: refused when configured. */
    @Test
    void aSchemaHoldsTheTablesOrIsRefusedOnSqlite() {
        if (dialect().equals("sqlite")) {
            assertThatThrownBy(() -> DbConfig.builder().url(iso.url()).schema("shop").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("schema(\"shop\") names a PostgreSQL schema or a MySQL/MariaDB database; SQLite has neither"
                            + " (the file is the database): use a tablePrefix, or another file");
            return;
        }
        boolean postgres = dialect().equals("postgresql");
        String shop = TestDatabases.uniqueName();
        db.execute(postgres ? "CREATE SCHEMA " + shop : "CREATE DATABASE " + shop + " CHARACTER SET utf8mb4");
        try (Database d = connect(b -> b.schema(shop).tablePrefix("app_"))) {
            d.createTables(MODELS);
            d.createTables(MODELS);
            assertThat(d.queryMaps("SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                    shop, "app_users")).as("the table is in the schema").hasSize(1);
            User ann = d.table(User.class).create(User.of("Ann", "ann@example.com"));
            Post post = d.table(Post.class).create(new Post(null, ann.id(), "hello"));
            d.table(Favorite.class).create(new Favorite(null, ann.id(), post.id()));
            assertThat(d.table(Post.class).where(in("id", d.table(Favorite.class).query().column("postId"))).all()).containsExactly(post);
            assertThat(d.table(User.class).upsert(User.of("Ann B.", "ann@example.com"), "email").id()).isEqualTo(ann.id());
            assertThatThrownBy(() -> d.table(User.class).create(User.of("Other", "ann@example.com")))
                    .isInstanceOfSatisfying(UniqueViolation.class, e -> assertThat(e.field()).isEqualTo("email"));
            assertThatThrownBy(() -> d.table(Post.class).create(new Post(null, 987_654L, "orphan")))
                    .isInstanceOfSatisfying(ForeignKeyViolation.class, e -> assertThat(e.field()).isEqualTo("authorId"));
            assertThat(d.queryMaps("SELECT name FROM " + shop + ".app_users")).extracting(m -> m.get("name")).containsExactly("Ann B.");
            assertThat(users.count()).as("nothing in the connection's own schema").isZero();
            assertThat(d.migrate(f -> f.locations("classpath:db/prefixed").baselineOnMigrate(true).baselineVersion("0"))).isEqualTo(1);
            assertThat(d.queryMaps("SELECT name FROM " + shop + ".app_gadgets")).extracting(m -> m.get("name")).containsExactly("widget");
        } finally {
            db.execute(postgres ? "DROP SCHEMA " + shop + " CASCADE" : "DROP DATABASE " + shop);
        }
    }

    @Test
    void aPrefixOrSchemaThatIsNotAPlainNameIsRefusedAtConfiguration() {
        assertThatThrownBy(() -> DbConfig.builder().url(iso.url()).tablePrefix("a-b").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tablePrefix must be lower-case letters, digits and underscores (not starting with a digit), got 'a-b'");
        assertThatThrownBy(() -> DbConfig.builder().url("postgresql://localhost/x").schema("shop; DROP").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("schema must be lower-case letters");
        // A capital would name another table than the one a migration's unquoted ${tablePrefix}users creates on PostgreSQL.
        assertThatThrownBy(() -> DbConfig.builder().url(iso.url()).tablePrefix("Shop_").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 'Shop_'");
        assertThatThrownBy(() -> DbConfig.builder().url("postgresql://localhost/x").schema("Sales").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 'Sales'");
        DbConfig fine = DbConfig.builder().url("postgresql://localhost/x").tablePrefix("shop_").schema("sales").build();
        assertThat(fine.toString()).contains("tablePrefix=shop_", "schema=sales");
        assertThat(DbConfig.builder().build().tablePrefix()).isEmpty();
    }
}
