package dev.duet.db.model;

import dev.duet.db.Id;
import dev.duet.db.Index;
import dev.duet.db.References;

/** A user's favourite post, as in the RealWorld ("Conduit") API: a join model, deleted with either side. */
@Index(value = {"userId", "postId"}, unique = true)
public record Favorite(@Id Long id, @References(value = User.class, cascade = true) long userId,
                       @References(value = Post.class, cascade = true) long postId) {
}
