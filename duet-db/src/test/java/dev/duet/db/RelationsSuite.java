package dev.duet.db;

import dev.duet.db.model.Post;
import dev.duet.db.model.User;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Relations, loaded explicitly: one query per relation, never one per row. */
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
}
