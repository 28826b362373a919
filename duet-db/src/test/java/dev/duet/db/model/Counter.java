package dev.duet.db.model;

import dev.duet.db.Column;
import dev.duet.db.Id;

/** A counter for read-modify-write tests. */
public record Counter(@Id Long id, @Column(unique = true) String name, long value) {
}
