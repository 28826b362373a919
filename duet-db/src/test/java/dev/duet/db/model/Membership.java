package dev.duet.db.model;

import dev.duet.db.Id;
import dev.duet.db.Index;
import dev.duet.db.References;

/** A composite unique constraint and foreign keys. */
@Index(value = {"userId", "team"}, unique = true)
public record Membership(@Id Long id, @References(User.class) long userId, String team) {
}
