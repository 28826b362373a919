package dev.duet.db;

import dev.duet.db.model.Favorite;
import dev.duet.db.model.Post;
import dev.duet.db.model.User;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.duet.db.Q.eq;
import static dev.duet.db.Q.in;
import static dev.duet.db.Q.ne;
import static dev.duet.db.Q.notIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Relations, loaded explicitly: one query per relation, never one per row; subqueries that filter by another table in the same statement. */
abstract class RelationsSuite extends OrmSuite {
    protected RelationsSuite(TestDatabases.Kind kind) {
        super(kind);
    }

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

    @Test
    void aSubqueryFilterIsOneStatementWithItsValuesBoundInOrder() throws Exception {
        Table<Post> posts = db.table(Post.class);
        Table<Favorite> favorites = db.table(Favorite.class);
        User ann = users.create(User.of("Ann", "ann@example.com"));
        User bob = users.create(User.of("Bob", "bob@example.com"));
        List<Post> made = new ArrayList<>();
        for (int i = 0; i < 4; i++) made.add(posts.create(new Post(null, (i % 2 == 0 ? ann : bob).id(), "post " + i)));
        favorites.create(new Favorite(null, ann.id(), made.get(1).id()));
        favorites.create(new Favorite(null, ann.id(), made.get(2).id()));
        favorites.create(new Favorite(null, bob.id(), made.get(2).id()));
        favorites.create(new Favorite(null, bob.id(), made.get(3).id()));

        counter.reset();
        List<Post> annLikes = posts.where(in("id", favorites.where(eq("userId", ann.id())).column("postId"))).orderBy("id").all();
        assertThat(annLikes).extracting(Post::title).containsExactly("post 1", "post 2");
        assertThat(counter.count()).as("the ids and the posts in one statement").isEqualTo(1);
        assertThat(counter.sql.getFirst()).contains(" IN (SELECT ");

        List<Post> mixed = posts.where(eq("authorId", bob.id())
                .and(in("id", favorites.where(eq("userId", ann.id()).or(eq("userId", bob.id()))).column("postId")))
                .and(ne("title", "post 1"))).orderBy("id").all();
        assertThat(mixed).as("values before, inside and after the subquery, each in its place").extracting(Post::title)
                .containsExactly("post 3");
        assertThat(posts.where(notIn("id", favorites.query().column("postId"))).all()).extracting(Post::title)
                .containsExactly("post 0");
        assertThat(posts.where(in("authorId", users.where(eq("name", "Bob")).column("id"))).count()).isEqualTo(2);
        assertThat(posts.where(in("id", favorites.where(eq("userId", bob.id())).column("postId"))).countBy("authorId"))
                .containsExactly(Map.entry(ann.id(), 1L), Map.entry(bob.id(), 1L));

        counter.reset();
        posts.where(in("id", favorites.where(eq("userId", bob.id())).column("postId"))).all();
        posts.where(in("id", favorites.where(eq("userId", ann.id())).column("postId"))).all();
        assertThat(counter.sql.get(0)).as("one shape, one SQL text, whatever the values").isEqualTo(counter.sql.get(1));

        assertThat(posts.where(in("id", favorites.where(eq("userId", ann.id())).column("postId"))).orderBy("id").allAsync()
                .toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(annLikes);
        assertThat(favorites.where(in("postId", posts.where(eq("authorId", bob.id())).column("id"))).delete())
                .as("in a DELETE too").isEqualTo(2);
        assertThat(favorites.count()).isEqualTo(2);
    }

    @Test
    void aSubqueryThatCannotWorkIsRefusedBeforeAnySql() {
        Table<Post> posts = db.table(Post.class);
        Table<Favorite> favorites = db.table(Favorite.class);
        counter.reset();
        assertThatThrownBy(() -> favorites.query().limit(5).column("postId")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot have a limit or offset");
        assertThatThrownBy(() -> favorites.query().column("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no field 'nope'");
        assertThatThrownBy(() -> posts.where(in("title", favorites.query().column("postId"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("in(title, Favorite.postId): Favorite.postId is a long, Post.title a String");
        try (Database other = Database.connect("sqlite::memory:")) {
            other.createTables(User.class, Post.class, Favorite.class);
            assertThatThrownBy(() -> posts.where(in("id", other.table(Favorite.class).query().column("postId"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("on another database");
        }
        assertThat(counter.count()).isZero();
    }

    @Test
    void aSubqueryMayReadTheTableAnUpdateOrDeleteChanges() {
        users.create(User.of("A", "a@example.com"));
        users.create(User.of("B", "b@example.com"));
        users.create(User.of("C", "c@example.com"));
        assertThat(users.where(in("id", users.where(eq("name", "B")).column("id"))).update("name", "B2")).isEqualTo(1);
        assertThat(users.where(in("id", users.where(ne("name", "A")).column("id"))).delete()).isEqualTo(2);
        assertThat(users.query().<String>pluck("name")).containsExactly("A");
    }
}
