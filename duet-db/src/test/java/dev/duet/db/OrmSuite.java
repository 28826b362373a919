package dev.duet.db;

import dev.duet.db.model.Counter;
import dev.duet.db.model.Favorite;
import dev.duet.db.model.Item;
import dev.duet.db.model.Membership;
import dev.duet.db.model.Note;
import dev.duet.db.model.Post;
import dev.duet.db.model.Product;
import dev.duet.db.model.Stamped;
import dev.duet.db.model.Token;
import dev.duet.db.model.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

/**
 * What the ORM's topic suites share: each runs on SQLite, PostgreSQL and MariaDB (a one-line
 * subclass each, say {@code PostgresCrudTest}), against the real server, in a database of its own
 * that every test starts empty.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OrmSuite {
    protected final TestDatabases.Kind kind;
    protected TestDatabases.Isolated iso;
    protected Database db;
    protected final CountingDataSource counter = new CountingDataSource();
    protected Table<User> users;
    protected Table<Product> products;
    protected Table<Note> notes;

    protected OrmSuite(TestDatabases.Kind kind) {
        this.kind = kind;
    }

    /** {@code sqlite}, {@code postgresql} or {@code mysql}: what {@link Database#dialect()} says. */
    protected String dialect() {
        return kind.dialect();
    }

    @BeforeAll
    void connect() {
        iso = kind.isolate();
        db = Database.connect(DbConfig.builder().url(iso.url()).decorator(counter::wrap).build());
        db.createTables(User.class, Product.class, Note.class, Token.class, Membership.class, Item.class, Counter.class, Post.class,
                Stamped.class, Favorite.class);
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
        db.table(Favorite.class).deleteAll();
        db.table(Membership.class).deleteAll();
        db.table(Post.class).deleteAll();
        for (Class<?> m : List.of(User.class, Product.class, Note.class, Token.class, Item.class, Counter.class, Stamped.class)) {
            db.table(m).deleteAll();
        }
        counter.reset();
    }
}
