package dev.duet.db.model;

import dev.duet.db.Id;
import dev.duet.db.Index;
import dev.duet.db.References;

/** A post belongs to a user (deleted with it); a user has many posts. */
public record Post(@Id Long id, @Index @References(value = User.class, cascade = true) long authorId, String title) {
}
