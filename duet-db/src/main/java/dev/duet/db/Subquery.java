package dev.duet.db;

import dev.duet.db.internal.Col;

/**
 * One column of a query's matching rows, not run: a value for {@link Q#in(String, Subquery)} and
 * {@link Q#notIn(String, Subquery)}, sent inside the outer query's statement as
 * {@code IN (SELECT column FROM … WHERE …)}. Made by {@link Query#column}; immutable.
 *
 * <pre>{@code
 * // The posts Ann likes: one statement, not a query for the ids and another for the posts.
 * List<Post> liked = posts.where(in("id", favorites.where(eq("userId", ann.id())).column("postId"))).all();
 * }</pre>
 */
public final class Subquery {
    final Query<?> query;
    final Col column;

    Subquery(Query<?> query, Col column) {
        this.query = query;
        this.column = column;
    }

    @Override
    public String toString() {
        return query.table.model.name + "." + column.field + (query.where == null ? "" : " where " + query.where);
    }
}
